using Cellular.Core.Api;

namespace Cellular.ControlPlane.Experiments;

/// <summary>Everything a <see cref="BlastRadiusReport"/> is computed from.</summary>
/// <param name="Experiment">The ended experiment (it has <c>startedAt</c> and <c>endedAt</c>).</param>
/// <param name="Before">Per cell, the before-window; null when it could not be read.</param>
/// <param name="During">Per cell, the fault phase; null when it could not be read.</param>
/// <param name="After">Per cell, the after-window; null when it could not be read.</param>
/// <param name="TableCells">The cells of the routing table now.</param>
/// <param name="TotalTenants">Tenants in the store.</param>
/// <param name="TargetTenants">Tenants the store places in the target cells (a page, with the total).</param>
/// <param name="AffectedTenantCells">The store's cell of each affected tenant it knows.</param>
/// <param name="Gaps">What could not be read, for the evidence.</param>
/// <param name="Now">When the report is built.</param>
internal sealed record BlastRadiusInput(
    Experiment Experiment,
    IReadOnlyDictionary<string, ExperimentWindowStats>? Before,
    IReadOnlyDictionary<string, ExperimentWindowStats>? During,
    IReadOnlyDictionary<string, ExperimentWindowStats>? After,
    IReadOnlyList<string> TableCells,
    int TotalTenants,
    Page<string> TargetTenants,
    IReadOnlyDictionary<string, string> AffectedTenantCells,
    IReadOnlyList<string> Gaps,
    DateTimeOffset Now);
