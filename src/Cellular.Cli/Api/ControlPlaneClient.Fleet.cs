using System.Globalization;
using System.Text;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.Cli.Api;

// The fleet view: the fleet table, one cell against its peers, where a tenant is routed.
public sealed partial class ControlPlaneClient
{
    /// <summary><c>GET /api/v1/fleet</c>: one page of the fleet table, sorted, filtered and paged by the control plane.</summary>
    public Task<FleetPage> GetFleetAsync(string? sort = null, bool descending = false, string? filter = null, int? offset = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var query = new StringBuilder();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        Add("sort", sort);
        Add("desc", descending ? "true" : null);
        Add("q", filter);
        Add("offset", offset?.ToString(CultureInfo.InvariantCulture));
        Add("limit", limit?.ToString(CultureInfo.InvariantCulture));
        return SendAsync(HttpMethod.Get, "api/v1/fleet" + query, null, CellularJsonContext.Default.FleetPage, cancellationToken);
    }

    /// <summary><c>GET /api/v1/fleet/cells/{id}</c>: a cell's row with its peers' median.</summary>
    public Task<FleetCellDetail> GetFleetCellAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"api/v1/fleet/cells/{Escape(id)}", null, CellularJsonContext.Default.FleetCellDetail, cancellationToken);

    /// <summary><c>GET /api/v1/tenants/{id}/route</c>: where the published table sends a tenant and why.</summary>
    public Task<TenantRoute> GetTenantRouteAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"api/v1/tenants/{Escape(id)}/route", null, CellularJsonContext.Default.TenantRoute, cancellationToken);
}
