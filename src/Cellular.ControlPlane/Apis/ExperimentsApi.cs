using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Experiments;
using Cellular.ControlPlane.Http;
using Cellular.Core.Api;
using Cellular.Core.Http;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cellular.ControlPlane.Apis;

/// <summary><c>/api/v1/experiments</c>: chaos experiments, their blast-radius reports and the kill switch.</summary>
internal static class ExperimentsApi
{
    public static RouteGroupBuilder MapExperimentsApi(this RouteGroupBuilder api)
    {
        var experiments = api.MapGroup("/experiments").WithTags("experiments");
        experiments.MapPost(string.Empty, CreateAsync).RequireAuthorization(AuthPolicies.CellOperator);
        experiments.MapGet(string.Empty, ListAsync).RequireAuthorization(AuthPolicies.ReadOnly);
        experiments.MapGet("/kill-switch", async (ExperimentService service, CancellationToken ct) => TypedResults.Ok(await service.GetKillSwitchAsync(ct))).RequireAuthorization(AuthPolicies.ReadOnly);
        experiments.MapPost("/kill-switch", async (HttpRequest request, ExperimentService service, CancellationToken ct) =>
            TypedResults.Ok(await service.EngageKillSwitchAsync(Actor.From(request), ct))).RequireAuthorization(AuthPolicies.Admin);
        experiments.MapDelete("/kill-switch", async (HttpRequest request, ExperimentService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ReleaseKillSwitchAsync(Actor.From(request), ct))).RequireAuthorization(AuthPolicies.Admin);
        experiments.MapGet("/{id}", async (string id, ExperimentService service, CancellationToken ct) => TypedResults.Ok(await service.GetAsync(id, ct))).RequireAuthorization(AuthPolicies.ReadOnly);
        experiments.MapPost("/{id}/stop", async (string id, HttpRequest request, ExperimentService service, CancellationToken ct) =>
            TypedResults.Ok(await service.StopAsync(id, Actor.From(request), ct))).RequireAuthorization(AuthPolicies.CellOperator);
        return api;
    }

    private static async Task<Created<Experiment>> CreateAsync(HttpRequest request, ExperimentService service, CancellationToken ct)
    {
        var actor = Actor.From(request);
        var body = await JsonBody.ReadAsync(request, CellularJsonContext.Default.CreateExperimentRequest, ct);
        var experiment = await service.CreateAsync(body, actor, ct);
        return TypedResults.Created($"/api/v1/experiments/{experiment.Id}", experiment);
    }

    private static async Task<Ok<List<Experiment>>> ListAsync(HttpRequest request, ExperimentService service, CancellationToken ct)
    {
        var limit = QueryValues.Int(request, "limit", 1, ExperimentService.MaxListLimit) ?? ExperimentService.DefaultListLimit;
        return TypedResults.Ok(await service.ListAsync(limit, QueryValues.CellId(request, "cell"), ct));
    }
}
