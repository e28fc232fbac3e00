using System.Collections.Concurrent;

namespace Cellular.ControlPlane.Health;

/// <summary>
/// What the health monitor has seen of each cell lately, kept in memory: the consecutive counts
/// that drive its hysteresis and what the API shows. A restart starts every count at zero again.
/// </summary>
internal sealed class CellHealthTracker
{
    private readonly ConcurrentDictionary<string, CellProbeHistory> _cells = new(StringComparer.Ordinal);

    /// <summary>Records one probe outcome (<paramref name="error"/> null = healthy) and returns the cell's history with it.</summary>
    public CellProbeHistory Record(string cell, string? error, DateTimeOffset at) =>
        _cells.AddOrUpdate(cell, static (_, a) => CellProbeHistory.Next(null, a.error, a.at), static (_, previous, a) => CellProbeHistory.Next(previous, a.error, a.at), (error, at));

    public CellProbeHistory? Find(string cell) => _cells.GetValueOrDefault(cell);

    /// <summary>Forgets every cell not in <paramref name="cells"/> (retired or removed).</summary>
    public void RetainOnly(IReadOnlySet<string> cells)
    {
        foreach (var cell in _cells.Keys)
        {
            if (!cells.Contains(cell))
            {
                _cells.TryRemove(cell, out _);
            }
        }
    }
}
