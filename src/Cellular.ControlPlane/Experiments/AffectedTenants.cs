using Cellular.Core.Api;

namespace Cellular.ControlPlane.Experiments;

/// <summary>The tenants that saw an error in a window, over all cells.</summary>
/// <param name="Ids">Their ids, sorted, at most <see cref="WindowStatsMerge.MaxTenants"/>.</param>
/// <param name="Count">How many there were (at least).</param>
/// <param name="Complete">True when <paramref name="Ids"/> names every one of them.</param>
internal sealed record AffectedTenants(IReadOnlyList<string> Ids, int Count, bool Complete)
{
    /// <summary>The union of every cell's <c>tenantsWithErrors</c> (requests that reached no cell are not counted).</summary>
    public static AffectedTenants Of(IReadOnlyDictionary<string, ExperimentWindowStats>? cells)
    {
        var stats = (cells ?? new Dictionary<string, ExperimentWindowStats>()).Where(c => c.Key != WindowStatsMerge.NoCell).Select(c => c.Value).ToList();
        var ids = stats.SelectMany(s => s.TenantsWithErrors).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var complete = stats.All(s => s.TenantsWithErrorsCount <= s.TenantsWithErrors.Count);

        // A tenant lives in one cell, so with cut lists the per-cell counts add up to the best estimate.
        var count = complete ? ids.Count : Math.Max(ids.Count, stats.Sum(s => s.TenantsWithErrorsCount));
        return new AffectedTenants(ids.Take(WindowStatsMerge.MaxTenants).ToList(), count, complete && ids.Count <= WindowStatsMerge.MaxTenants);
    }
}
