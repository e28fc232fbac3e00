using Cellular.ControlPlane.Apis;
using Cellular.ControlPlane.WebConsole;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the control plane's REST API under <c>/api/v1</c> and the web console at <c>/</c>.</summary>
public static class ControlPlaneEndpointRouteBuilderExtensions
{
    /// <summary>Maps cells, tenants, routing-table, health, audit, experiments, migrations, deployments and auth endpoints, each with its authorization policy.</summary>
    public static RouteGroupBuilder MapCellularControlPlane(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

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
            .MapAuthApi();
    }
}
