using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Metrics;
using Cellular.ControlPlane.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Apis;

/// <summary>
/// <c>GET /api/v1/observability/targets</c>: Prometheus HTTP service discovery of everything to
/// scrape — the routers (<c>Cellular:ControlPlane:Routers</c>), every live cell (its port is chosen
/// when it starts, so a static scrape config cannot know it) and this control plane.
/// </summary>
internal static class ObservabilityApi
{
    public static RouteGroupBuilder MapObservabilityApi(this RouteGroupBuilder api)
    {
        api.MapGet("/observability/targets", GetTargetsAsync).WithTags("observability").RequireAuthorization(AuthPolicies.ReadOnly);
        return api;
    }

    private static async Task<Ok<List<ScrapeTargetGroup>>> GetTargetsAsync(
        HttpRequest request, IStoreDatabase database, CellStore cellStore, IOptions<ControlPlaneOptions> options, CancellationToken ct)
    {
        var cells = await database.ReadAsync(cellStore.ListAsync, ct);
        var self = new Uri($"{request.Scheme}://{request.Host}");
        return TypedResults.Ok(ScrapeTargets.Build(options.Value.Routers, cells.Select(c => c.Cell), self));
    }
}
