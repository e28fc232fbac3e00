using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Http;
using Cellular.ControlPlane.Migrations;
using Cellular.Core.Api;
using Cellular.Core.Http;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cellular.ControlPlane.Apis;

/// <summary><c>/api/v1/migrations</c>, <c>/api/v1/cells/{id}/evacuate</c> and <c>/api/v1/rebalance</c>: live tenant moves.</summary>
internal static class MigrationsApi
{
    public static RouteGroupBuilder MapMigrationsApi(this RouteGroupBuilder api)
    {
        var migrations = api.MapGroup("/migrations").WithTags("migrations");
        migrations.MapPost(string.Empty, CreateAsync).RequireAuthorization(AuthPolicies.CellOperator);
        migrations.MapGet(string.Empty, ListAsync).RequireAuthorization(AuthPolicies.ReadOnly);
        migrations.MapGet("/{id}", async (string id, MigrationService service, CancellationToken ct) => TypedResults.Ok(await service.GetAsync(id, ct))).RequireAuthorization(AuthPolicies.ReadOnly);
        migrations.MapPost("/{id}/abort", async (string id, HttpRequest request, MigrationService service, CancellationToken ct) =>
            TypedResults.Ok(await service.AbortAsync(id, Actor.From(request), ct))).RequireAuthorization(AuthPolicies.CellOperator);
        migrations.MapPost("/{id}/reverse", ReverseAsync).RequireAuthorization(AuthPolicies.CellOperator);
        api.MapPost("/cells/{id}/evacuate", EvacuateAsync).WithTags("cells").RequireAuthorization(AuthPolicies.CellOperator);
        api.MapPost("/rebalance", RebalanceAsync).WithTags("migrations").RequireAuthorization(AuthPolicies.CellOperator);
        return api;
    }

    private static async Task<Created<Migration>> CreateAsync(HttpRequest request, MigrationService service, CancellationToken ct)
    {
        var actor = Actor.From(request);
        var body = await JsonBody.ReadAsync(request, CellularJsonContext.Default.CreateMigrationRequest, ct);
        var migration = await service.CreateAsync(body, actor, ct);
        return TypedResults.Created($"/api/v1/migrations/{migration.Id}", migration);
    }

    private static async Task<Ok<List<Migration>>> ListAsync(HttpRequest request, MigrationService service, CancellationToken ct)
    {
        var limit = QueryValues.Int(request, "limit", 1, MigrationService.MaxListLimit) ?? MigrationService.DefaultListLimit;
        var state = QueryValues.Single(request, "state") is { } text ? ParseState(text) : (MigrationState?)null;
        return TypedResults.Ok(await service.ListAsync(state, QueryValues.TenantId(request, "tenant"), QueryValues.CellId(request, "cell"), limit, ct));
    }

    private static async Task<Created<Migration>> ReverseAsync(string id, HttpRequest request, MigrationService service, CancellationToken ct)
    {
        var reverse = await service.ReverseAsync(id, Actor.From(request), ct);
        return TypedResults.Created($"/api/v1/migrations/{reverse.Id}", reverse);
    }

    private static async Task<Ok<CellEvacuation>> EvacuateAsync(string id, HttpRequest request, CellEvacuator evacuator, CancellationToken ct)
    {
        var actor = Actor.From(request);
        var force = QueryValues.Single(request, "force") switch
        {
            null => false,
            var text when bool.TryParse(text, out var value) => value,
            var text => throw ControlPlaneException.BadRequest($"The query parameter 'force' must be true or false, not '{text}'."),
        };
        return TypedResults.Ok(await evacuator.EvacuateAsync(id, force, actor, ct));
    }

    private static async Task<Ok<RebalancePlan>> RebalanceAsync(HttpRequest request, Rebalancer rebalancer, CancellationToken ct)
    {
        var actor = Actor.From(request);
        var body = request.ContentLength == 0 ? new RebalanceRequest() : await JsonBody.ReadAsync(request, CellularJsonContext.Default.RebalanceRequest, ct);
        return TypedResults.Ok(await rebalancer.RebalanceAsync(body, actor, ct));
    }

    private static MigrationState ParseState(string text) =>
        Enum.TryParse<MigrationState>(text, ignoreCase: true, out var state) && Enum.IsDefined(state) && !char.IsAsciiDigit(text[0])
            ? state
            : throw ControlPlaneException.BadRequest($"The query parameter 'state' must be one of {string.Join(", ", Enum.GetNames<MigrationState>())}, not '{text}'.");
}
