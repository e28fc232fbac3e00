using Cellular.Core.Api;

namespace Cellular.ControlPlane.Deployments;

/// <summary>
/// A group of cells' router statistics as the ledger and a deployment's report show them:
/// requests summed, the error rate from the sums, the highest p99; null rates without requests
/// ("no data", never NaN).
/// </summary>
/// <param name="Requests">Requests of every cell in the group.</param>
/// <param name="ErrorRate">Their share of failed requests; null without requests.</param>
/// <param name="P99Ms">The highest p99 among cells with requests; null without requests.</param>
internal readonly record struct GroupTotals(long Requests, double? ErrorRate, double? P99Ms)
{
    public static GroupTotals Of(IEnumerable<ExperimentWindowStats> cells)
    {
        var windows = cells.ToList();
        var requests = windows.Sum(w => w.Requests);
        return requests == 0
            ? new GroupTotals(0, null, null)
            : new GroupTotals(requests, (double)windows.Sum(w => w.Errors) / requests, windows.Where(w => w.Requests > 0).Max(w => w.P99Ms));
    }
}
