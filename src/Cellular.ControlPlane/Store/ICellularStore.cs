using Cellular.Core.Api;

namespace Cellular.ControlPlane.Store;

/// <summary>
/// The control plane's truth: cells, tenants, the routing-table version and the audit log.
/// Every mutation runs in one write transaction that also bumps the table version and writes
/// its audit row, so the three never disagree. SQLite is the embedded default; a PostgreSQL
/// implementation plugs in behind the same interface.
/// </summary>
internal partial interface ICellularStore
{
    /// <summary>Where the data lives, for the health endpoint, e.g. <c>sqlite:/var/lib/cellular/cellular.db</c>.</summary>
    string Description { get; }

    /// <summary>Creates or upgrades the schema; called once at start-up.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The tenants changed since table version <paramref name="since"/> (that version's own changes
    /// may be included again) and every cell; null when the change log does not reach back that
    /// far or more than <paramref name="maxTenants"/> tenants changed, so the full table is cheaper.
    /// </summary>
    Task<TableDelta?> ReadTableDeltaAsync(long since, int maxTenants, CancellationToken cancellationToken);

    /// <summary>Creates a tenant, choosing its cell inside the write transaction.</summary>
    Task<Committed<TenantRecord>> CreateTenantAsync(TenantPlacementRequest request, string actor, CancellationToken cancellationToken);

    Task<TenantRecord?> GetTenantAsync(string id, CancellationToken cancellationToken);

    /// <summary>Tenants ordered by id, starting after <paramref name="after"/>; only those placed in <paramref name="cell"/> when given (the total counts those too).</summary>
    Task<Page<TenantRecord>> ListTenantsAsync(int limit, string? after, string? cell, CancellationToken cancellationToken);

    Task<Committed<TenantRecord>> SetPinnedAsync(string id, bool pinned, string actor, CancellationToken cancellationToken);

    /// <summary>Reads what the routing table of the current version is built from.</summary>
    Task<TableState> ReadTableAsync(CancellationToken cancellationToken);

    /// <summary>Ids of the tenants placed in any of <paramref name="cells"/>, ordered by id, at most <paramref name="limit"/>, with their total.</summary>
    Task<Page<string>> ListTenantIdsInCellsAsync(IReadOnlyCollection<string> cells, int limit, CancellationToken cancellationToken);

    /// <summary>The cell of each of <paramref name="tenants"/> the store knows.</summary>
    Task<IReadOnlyDictionary<string, string>> GetTenantCellsAsync(IReadOnlyCollection<string> tenants, CancellationToken cancellationToken);

    /// <summary>Stores a new experiment under the next id (<c>exp-{n}</c>); refused (409) while the kill switch is engaged.</summary>
    Task<ExperimentRecord> CreateExperimentAsync(Experiment experiment, string actor, CancellationToken cancellationToken);

    Task<ExperimentRecord?> GetExperimentAsync(string id, CancellationToken cancellationToken);

    /// <summary>The newest experiments first; only those targeting <paramref name="cell"/> when given.</summary>
    Task<IReadOnlyList<ExperimentRecord>> ListExperimentsAsync(int limit, string? cell, CancellationToken cancellationToken);

    /// <summary>Experiments that are Pending or Running, or still waiting for their report; oldest first.</summary>
    Task<IReadOnlyList<ExperimentRecord>> ListUnfinishedExperimentsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Changes an experiment in one transaction if its state is one of <paramref name="from"/> (any
    /// state when null), writing <paramref name="audit"/> with it. Experiments do not change the
    /// routing table, so the table version stays. Null when the experiment is missing or in another state.
    /// </summary>
    Task<ExperimentRecord?> UpdateExperimentAsync(
        string id,
        IReadOnlyCollection<ExperimentState>? from,
        Func<ExperimentRecord, ExperimentRecord> change,
        ExperimentAudit? audit,
        CancellationToken cancellationToken);

    Task<ExperimentKillSwitch> GetKillSwitchAsync(CancellationToken cancellationToken);

    /// <summary>Engages or releases the experiment kill switch; audited only when it changes.</summary>
    Task<ExperimentKillSwitch> SetKillSwitchAsync(bool engaged, string actor, CancellationToken cancellationToken);

}
