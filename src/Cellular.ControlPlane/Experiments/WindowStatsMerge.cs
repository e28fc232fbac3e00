using Cellular.Core.Api;

namespace Cellular.ControlPlane.Experiments;

/// <summary>
/// Sums what several routers saw of the same cells. Counts add up exactly; percentiles cannot be
/// added, so p50 is the request-weighted mean of the routers' medians and p99 the highest p99
/// (an upper bound: the stop conditions err towards stopping).
/// </summary>
internal static class WindowStatsMerge
{
    /// <summary>The cell id routers use for requests that reached no cell.</summary>
    public const string NoCell = "none";

    /// <summary>The longest tenant list kept per cell and window, as the routers cap theirs.</summary>
    public const int MaxTenants = 1000;

    public static Dictionary<string, ExperimentWindowStats> Merge(IEnumerable<RouterStats> routers) =>
        routers
            .SelectMany(r => r.Cells)
            .GroupBy(c => c.Cell, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Merge(g.ToList()), StringComparer.Ordinal);

    public static ExperimentWindowStats Create(long requests, long successes, double p50Ms, double p99Ms, IReadOnlyList<string> tenantsWithErrors, int tenantsWithErrorsCount)
    {
        successes = Math.Clamp(successes, 0, requests);
        var errors = requests - successes;
        return new ExperimentWindowStats(
            requests,
            successes,
            errors,
            requests == 0 ? 1 : (double)successes / requests,
            requests == 0 ? 0 : (double)errors / requests,
            p50Ms,
            p99Ms,
            tenantsWithErrors,
            Math.Max(tenantsWithErrorsCount, tenantsWithErrors.Count));
    }

    private static ExperimentWindowStats Merge(List<RouterCellStats> parts)
    {
        var requests = parts.Sum(p => p.Requests);
        var successes = parts.Sum(p => p.Successes);
        var p50 = requests == 0 ? 0 : parts.Sum(p => p.P50Ms * p.Requests) / requests;
        var p99 = parts.Where(p => p.Requests > 0).Select(p => p.P99Ms).DefaultIfEmpty(0).Max();
        var tenants = parts.SelectMany(p => p.TenantsWithErrors ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        // A tenant may reach a cell through several routers: the union is exact, the counts only bound it.
        var count = Math.Max(tenants.Count, parts.Select(p => p.TenantsWithErrorsCount).DefaultIfEmpty(0).Max());
        return Create(requests, successes, p50, p99, tenants.Take(MaxTenants).ToList(), count);
    }
}
