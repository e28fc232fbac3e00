using Cellular.Core.Api;

namespace Cellular.ControlPlane.Fleet;

/// <summary>
/// The median signals of a cell's peers: the other Active cells with requests. Sorted once per page
/// build, so each cell's median without itself is index arithmetic, not another sort.
/// </summary>
internal sealed class PeerMedians
{
    private readonly HashSet<string> _peers;
    private readonly double[] _requests;
    private readonly double[] _rps;
    private readonly double[] _success;
    private readonly double[] _p50;
    private readonly double[] _p99;

    public PeerMedians(IEnumerable<(string Cell, CellSignals Signals)> activeCells)
    {
        var peers = activeCells.Where(c => c.Signals.Requests > 0).ToList();
        _peers = peers.Select(p => p.Cell).ToHashSet(StringComparer.Ordinal);
        _requests = Sorted(peers, s => s.Requests);
        _rps = Sorted(peers, s => s.RequestsPerSecond);
        _success = Sorted(peers, s => s.SuccessRate ?? 0);
        _p50 = Sorted(peers, s => s.P50Ms ?? 0);
        _p99 = Sorted(peers, s => s.P99Ms ?? 0);
    }

    /// <summary>The median of the peers of <paramref name="cell"/> (itself left out when it is one) and how many there are.</summary>
    public (CellSignals Median, int Count) For(string cell, CellSignals own)
    {
        var self = _peers.Contains(cell);
        var count = _requests.Length - (self ? 1 : 0);
        if (count == 0)
        {
            return (CellSignals.None, 0);
        }

        var success = Median(_success, self, own.SuccessRate ?? 0);
        return (new CellSignals(
            (long)Math.Round(Median(_requests, self, own.Requests)),
            FleetSignals.Round(Median(_rps, self, own.RequestsPerSecond)),
            success,
            1 - success,
            Median(_p50, self, own.P50Ms ?? 0),
            Median(_p99, self, own.P99Ms ?? 0)), count);
    }

    private static double[] Sorted(List<(string Cell, CellSignals Signals)> peers, Func<CellSignals, double> value)
    {
        var values = peers.Select(p => value(p.Signals)).ToArray();
        Array.Sort(values);
        return values;
    }

    /// <summary>The median of <paramref name="sorted"/> without one occurrence of <paramref name="own"/> when <paramref name="exclude"/>.</summary>
    private static double Median(double[] sorted, bool exclude, double own)
    {
        var skip = exclude ? Array.BinarySearch(sorted, own) : -1;
        if (exclude && skip < 0)
        {
            skip = ~skip;
        }

        var count = sorted.Length - (skip >= 0 ? 1 : 0);
        double At(int i) => sorted[skip >= 0 && i >= skip ? i + 1 : i];
        return count % 2 == 1 ? At(count / 2) : (At((count / 2) - 1) + At(count / 2)) / 2;
    }
}
