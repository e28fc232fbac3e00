using Cellular.ControlPlane.Apis;
using Cellular.ControlPlane.WebConsole;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the control plane's REST API under <c>/api/v1</c> and the web console at <c>/</c>.</summary>
public static class ControlPlaneEndpointRouteBuilderExtensions
{
    /// <summary>Maps cells, tenants, routing-table, health, audit, experiments, migrations, deployments, auth, observability and fleet endpoints, each with its authorization policy, the Prometheus endpoint <c>/metrics</c> and the web console.</summary>
    public static RouteGroupBuilder MapCellularControlPlane(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        endpoints.MapControlPlaneMetrics();
        var api = endpoints.MapGroup("/api/v1");
        endpoints.MapConsole(api);
        return api
            .MapCellsApi()
            .MapCellTemplatesApi()
            .MapTenantsApi()
            .MapRoutingTableApi()
            .MapHealthApi()
            .MapAuditApi()
            .MapExperimentsApi()
            .MapMigrationsApi()
            .MapDeploymentsApi()
            .MapFleetApi()
            .MapAuthApi()
            .MapObservabilityApi();
    }
}
