using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Deployments;
using Cellular.ControlPlane.Http;
using Cellular.Core.Api;
using Cellular.Core.Http;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cellular.ControlPlane.Apis;

/// <summary><c>/api/v1/deployments</c>: wave deployments, their controls, the freeze and the version ledger.</summary>
internal static class DeploymentsApi
{
    private const int DefaultLedgerWindowSeconds = 300;

    public static RouteGroupBuilder MapDeploymentsApi(this RouteGroupBuilder api)
    {
        var deployments = api.MapGroup("/deployments").WithTags("deployments");
        deployments.MapPost(string.Empty, CreateAsync).RequireAuthorization(AuthPolicies.CellOperator);
        deployments.MapGet(string.Empty, async (HttpRequest request, DeploymentService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ListAsync(QueryValues.Int(request, "limit", 1, DeploymentService.MaxListLimit) ?? DeploymentService.DefaultListLimit, QueryValues.CellId(request, "cell"), ct)))
            .RequireAuthorization(AuthPolicies.ReadOnly);
        deployments.MapGet("/freeze", async (DeploymentService service, CancellationToken ct) => TypedResults.Ok(await service.GetFreezeAsync(ct)))
            .RequireAuthorization(AuthPolicies.ReadOnly);
        deployments.MapPost("/freeze", async (HttpRequest request, DeploymentService service, CancellationToken ct) =>
        {
            var body = await OptionalBodyAsync(request, CellularJsonContext.Default.DeploymentFreezeRequest, ct);
            return TypedResults.Ok(await service.FreezeAsync(body?.Reason, Actor.From(request), ct));
        }).RequireAuthorization(AuthPolicies.CellOperator);
        deployments.MapDelete("/freeze", async (HttpRequest request, DeploymentService service, CancellationToken ct) =>
            TypedResults.Ok(await service.UnfreezeAsync(Actor.From(request), ct))).RequireAuthorization(AuthPolicies.CellOperator);
        deployments.MapGet("/ledger", async (HttpRequest request, DeploymentService service, CancellationToken ct) =>
            TypedResults.Ok(await service.LedgerAsync(QueryValues.Int(request, "windowSeconds", 1, 3600) ?? DefaultLedgerWindowSeconds, ct)))
            .RequireAuthorization(AuthPolicies.ReadOnly);
        deployments.MapGet("/{id}", async (string id, DeploymentService service, CancellationToken ct) => TypedResults.Ok(await service.GetAsync(id, ct)))
            .RequireAuthorization(AuthPolicies.ReadOnly);
        deployments.MapPost("/{id}/pause", (string id, HttpRequest request, DeploymentService service, CancellationToken ct) =>
            ControlAsync(request, (reason, actor) => service.PauseAsync(id, reason, actor, ct), ct)).RequireAuthorization(AuthPolicies.CellOperator);
        deployments.MapPost("/{id}/resume", (string id, HttpRequest request, DeploymentService service, CancellationToken ct) =>
            ControlAsync(request, (reason, actor) => service.ResumeAsync(id, reason, actor, ct), ct)).RequireAuthorization(AuthPolicies.CellOperator);
        deployments.MapPost("/{id}/abort", (string id, HttpRequest request, DeploymentService service, CancellationToken ct) =>
            ControlAsync(request, (reason, actor) => service.AbortAsync(id, reason, actor, ct), ct)).RequireAuthorization(AuthPolicies.CellOperator);
        deployments.MapPost("/{id}/approve", (string id, HttpRequest request, DeploymentService service, CancellationToken ct) =>
            ControlAsync(request, (reason, actor) => service.ApproveAsync(id, reason, actor, ct), ct)).RequireAuthorization(AuthPolicies.CellOperator);
        return api;
    }

    private static async Task<Created<Deployment>> CreateAsync(HttpRequest request, DeploymentService service, CancellationToken ct)
    {
        var actor = Actor.From(request);
        var body = await JsonBody.ReadAsync(request, CellularJsonContext.Default.CreateDeploymentRequest, ct);
        if (body.Hotfix == true && !request.HttpContext.User.IsInRole(nameof(ApiRole.Admin)))
        {
            throw new Errors.ControlPlaneException(
                Errors.ProblemKind.Forbidden,
                "Hotfix needs Admin",
                "A hotfix deployment goes through the freeze and outside the deployment windows, so only an Admin may start one; leave out 'hotfix' or ask an Admin.");
        }

        var deployment = await service.CreateAsync(body, actor, ct);
        return TypedResults.Created($"/api/v1/deployments/{deployment.Id}", deployment);
    }

    private static async Task<Ok<Deployment>> ControlAsync(HttpRequest request, Func<string?, string, Task<Deployment>> action, CancellationToken ct)
    {
        var body = await OptionalBodyAsync(request, CellularJsonContext.Default.DeploymentActionRequest, ct);
        return TypedResults.Ok(await action(body?.Reason, Actor.From(request)));
    }

    /// <summary>The control actions take an optional body: none (or an empty one) means no reason.</summary>
    private static async Task<T?> OptionalBodyAsync<T>(HttpRequest request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken ct)
        where T : class =>
        request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any()
            ? null
            : await JsonBody.ReadAsync(request, type, ct);
}
