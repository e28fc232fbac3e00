using Cellular.ControlPlane.Apis;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the control plane's REST API under <c>/api/v1</c>.</summary>
public static class ControlPlaneEndpointRouteBuilderExtensions
{
    /// <summary>Maps cells, tenants, routing-table, health, audit, experiments, migrations, deployments, auth and observability endpoints, each with its authorization policy, and the Prometheus endpoint <c>/metrics</c>.</summary>
    public static RouteGroupBuilder MapCellularControlPlane(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        endpoints.MapControlPlaneMetrics();
        return endpoints.MapGroup("/api/v1")
            .MapCellsApi()
            .MapCellTemplatesApi()
            .MapTenantsApi()
            .MapRoutingTableApi()
            .MapHealthApi()
            .MapAuditApi()
            .MapExperimentsApi()
            .MapMigrationsApi()
            .MapDeploymentsApi()
            .MapAuthApi()
            .MapObservabilityApi();
    }
}
