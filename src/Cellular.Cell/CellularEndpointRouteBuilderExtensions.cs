using Cellular.Cell.Faults;
using Cellular.Cell.Health;
using Cellular.Cell.Info;
using Cellular.Cell.TenantData;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the cell contract that the router and control plane call.</summary>
public static class CellularEndpointRouteBuilderExtensions
{
    /// <summary>The path prefix of every endpoint of the cell contract.</summary>
    public const string Prefix = "/_cell";

    /// <summary>
    /// Maps the cell contract: <c>GET /_cell/health</c>, <c>GET /_cell/info</c>, <c>GET /_cell/metrics</c>
    /// (Prometheus text; like health it needs no credential, so Prometheus can scrape it), fault injection under
    /// <c>/_cell/faults</c> and tenant fencing and data transfer under <c>/_cell/tenants/{tenant}</c>.
    /// Requires <c>AddCellular()</c>.
    /// </summary>
    /// <returns>The <c>/_cell</c> group, to add conventions (e.g. host or authorization rules) to all of it.</returns>
    public static IEndpointConventionBuilder MapCellular(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(Prefix);
        group.MapHealthChecks("/health", CellHealthEndpoint.CreateOptions());
        group.MapGet("/info", CellInfoEndpoint.GetAsync);
        group.MapPrometheusScrapingEndpoint("/metrics");
        group.MapCellFaults();
        group.MapCellTenants();
        return group;
    }
}
