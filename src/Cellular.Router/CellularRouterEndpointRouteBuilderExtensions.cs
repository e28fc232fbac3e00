using Cellular.Router.Apis;
using Cellular.Router.Forwarding;
using Cellular.Router.Security;
using Cellular.Router.Sync;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the cell router's endpoints.</summary>
public static class CellularRouterEndpointRouteBuilderExtensions
{
    /// <summary>The router's own health endpoint; every other path except <see cref="MetricsPath"/> and <c>/_router/*</c> is routed to a cell.</summary>
    public const string HealthPath = RouterApi.Prefix + "/health";

    /// <summary>The Prometheus scraping endpoint.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Maps <c>GET /_router/health</c>, <c>/_router/limits</c>, <c>/_router/stats</c>, the
    /// Prometheus scraping endpoint <c>/metrics</c>, and a catch-all that routes every other
    /// request to its tenant's cell (reached only by hosts that do not call
    /// <c>UseCellularRouter()</c>, which forwards those requests before endpoint routing). Loads
    /// the last-known-good routing table from disk first, so the router routes from its first
    /// request even while the control plane is down.
    /// </summary>
    public static IEndpointConventionBuilder MapCellularRouter(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        services.GetRequiredService<LastKnownGoodTable>().EnsureLoaded();
        services.GetRequiredService<AssertionKeyRefresher>().LoadFromDisk();

        endpoints.MapRouterApi();
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);

        var forwarder = services.GetRequiredService<CellForwarder>();
        return endpoints.Map("/{**path}", forwarder.InvokeAsync).WithDisplayName("Cellular router");
    }
}
