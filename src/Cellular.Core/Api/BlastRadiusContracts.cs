namespace Cellular.Core.Api;

/// <summary>
/// What an experiment did to every cell and tenant, from the routers' statistics, built once the
/// after-window has passed. The verdict answers the question cells exist for: did the failure stay
/// inside the target cells?
/// </summary>
/// <param name="Verdict"><c>contained</c> when every non-target cell stayed within the stop-condition limits during the fault, relative to its own before-window; else <c>leaked</c>.</param>
/// <param name="Evidence">One line per cell, e.g. <c>c2: error rate 0.0% → 0.0%, p99 12 ms → 14 ms (840 requests), within limits</c>.</param>
/// <param name="Windows">The three time windows compared.</param>
/// <param name="Cells">Every cell of the table (targets and the rest), by id.</param>
/// <param name="AffectedTenants">Tenants that saw an error during the fault, over all cells, sorted, at most 1,000.</param>
/// <param name="AffectedTenantsCount">How many tenants saw an error during the fault (at least; routers cap their lists).</param>
/// <param name="TotalTenants">Tenants in the control plane's store.</param>
/// <param name="AffectedTenantShare"><paramref name="AffectedTenantsCount"/> / <paramref name="TotalTenants"/> (0 without tenants).</param>
/// <param name="TargetTenants">Tenants the store places in the target cells, sorted, at most 1,000.</param>
/// <param name="TargetTenantsCount">How many tenants the store places in the target cells.</param>
/// <param name="AffectedOutsideTargets">Affected tenants that do not live in a target cell (fallback-routed keys count here), at most 1,000.</param>
/// <param name="AffectedOnlyTargetTenants">True when every affected tenant lives in a target cell.</param>
/// <param name="AffectedExactlyTargetTenants">True when the affected tenants are exactly the target cells' tenants.</param>
/// <param name="GeneratedAt">When the report was built.</param>
public sealed record BlastRadiusReport(
    string Verdict,
    IReadOnlyList<string> Evidence,
    ExperimentWindows Windows,
    IReadOnlyList<CellBlastRadius> Cells,
    IReadOnlyList<string> AffectedTenants,
    int AffectedTenantsCount,
    int TotalTenants,
    double AffectedTenantShare,
    IReadOnlyList<string> TargetTenants,
    int TargetTenantsCount,
    IReadOnlyList<string> AffectedOutsideTargets,
    bool AffectedOnlyTargetTenants,
    bool AffectedExactlyTargetTenants,
    DateTimeOffset GeneratedAt);

/// <summary>A time range of an experiment: [<paramref name="From"/>, <paramref name="To"/>).</summary>
public sealed record ExperimentWindow(DateTimeOffset From, DateTimeOffset To);

/// <summary>The windows of a <see cref="BlastRadiusReport"/>: before the fault, while it was set, and after it was gone.</summary>
public sealed record ExperimentWindows(ExperimentWindow Before, ExperimentWindow During, ExperimentWindow After);

/// <summary>One cell's part of a <see cref="BlastRadiusReport"/>.</summary>
/// <param name="Cell">The cell id.</param>
/// <param name="Target">True when the fault was injected into this cell.</param>
/// <param name="Verdict">For non-target cells: <c>contained</c>, <c>leaked</c>, or <c>too-few-requests</c> when the during-window cannot be judged; null for targets.</param>
/// <param name="Before">Before the fault.</param>
/// <param name="During">While the fault was set.</param>
/// <param name="After">After the fault was gone.</param>
public sealed record CellBlastRadius(string Cell, bool Target, string? Verdict, ExperimentWindowStats Before, ExperimentWindowStats During, ExperimentWindowStats After);

/// <summary>What the routers saw for one cell in one window, summed over every router.</summary>
/// <param name="Requests">Requests finished for the cell.</param>
/// <param name="Successes">Requests the cell answered below 500 (or the client abandoned).</param>
/// <param name="Errors">The other requests: 5xx, shed, rate limited, cell down, circuit open.</param>
/// <param name="SuccessRate">Successes / requests; 1 without requests.</param>
/// <param name="ErrorRate">Errors / requests; 0 without requests.</param>
/// <param name="P50Ms">Median latency (request-weighted mean of the routers' medians).</param>
/// <param name="P99Ms">99th-percentile latency (the highest of the routers' values).</param>
/// <param name="TenantsWithErrors">Tenants with at least one error, sorted, at most 1,000.</param>
/// <param name="TenantsWithErrorsCount">How many tenants had at least one error.</param>
public sealed record ExperimentWindowStats(
    long Requests,
    long Successes,
    long Errors,
    double SuccessRate,
    double ErrorRate,
    double P50Ms,
    double P99Ms,
    IReadOnlyList<string> TenantsWithErrors,
    int TenantsWithErrorsCount)
{
    /// <summary>A window without requests.</summary>
    public static ExperimentWindowStats Empty { get; } = new(0, 0, 0, 1, 0, 0, 0, [], 0);
}
