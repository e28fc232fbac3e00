using System.Globalization;
using System.Net.Http.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.Cli.Api;

// Live tenant migrations, cell evacuation and rebalancing.
public sealed partial class ControlPlaneClient
{
    /// <summary><c>POST /api/v1/migrations</c>: plans a live move of one tenant; it runs in the background.</summary>
    public Task<Migration> CreateMigrationAsync(CreateMigrationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonContent.Create(request, CellularJsonContext.Default.CreateMigrationRequest);
        return SendAsync(HttpMethod.Post, "api/v1/migrations", body, CellularJsonContext.Default.Migration, cancellationToken);
    }

    /// <summary><c>GET /api/v1/migrations?tenant=&amp;state=&amp;limit=</c>, optionally only one tenant's or one state's.</summary>
    public async Task<IReadOnlyList<Migration>> ListMigrationsAsync(
        string? tenant = null, MigrationState? state = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string>(3);
        if (!string.IsNullOrEmpty(tenant))
        {
            query.Add($"tenant={Escape(tenant)}");
        }

        if (state is { } s)
        {
            query.Add($"state={s}");
        }

        if (limit is { } l)
        {
            query.Add(string.Create(CultureInfo.InvariantCulture, $"limit={l}"));
        }

        var path = query.Count == 0 ? "api/v1/migrations" : "api/v1/migrations?" + string.Join('&', query);
        return await SendAsync(HttpMethod.Get, path, null, CellularJsonContext.Default.ListMigration, cancellationToken);
    }

    /// <summary><c>GET /api/v1/migrations/{id}</c>.</summary>
    public Task<Migration> GetMigrationAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"api/v1/migrations/{Escape(id)}", null, CellularJsonContext.Default.Migration, cancellationToken);

    /// <summary><c>POST /api/v1/migrations/{id}/abort</c>: asks for a rollback; only possible before the switch.</summary>
    public Task<Migration> AbortMigrationAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/v1/migrations/{Escape(id)}/abort", null, CellularJsonContext.Default.Migration, cancellationToken);

    /// <summary><c>POST /api/v1/migrations/{id}/reverse</c>: plans the move back; answers the new migration.</summary>
    public Task<Migration> ReverseMigrationAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/v1/migrations/{Escape(id)}/reverse", null, CellularJsonContext.Default.Migration, cancellationToken);

    /// <summary>
    /// <c>POST /api/v1/cells/{id}/evacuate[?force=true]</c>: drains the cell and plans a migration for each
    /// of its tenants; pinned ones only with <paramref name="force"/>.
    /// </summary>
    public Task<CellEvacuation> EvacuateCellAsync(string id, bool force = false, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/v1/cells/{Escape(id)}/evacuate{(force ? "?force=true" : string.Empty)}", null, CellularJsonContext.Default.CellEvacuation, cancellationToken);

    /// <summary><c>POST /api/v1/rebalance</c>: the plan, and its migrations unless it is a dry run.</summary>
    public Task<RebalancePlan> RebalanceAsync(RebalanceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonContent.Create(request, CellularJsonContext.Default.RebalanceRequest);
        return SendAsync(HttpMethod.Post, "api/v1/rebalance", body, CellularJsonContext.Default.RebalancePlan, cancellationToken);
    }
}
