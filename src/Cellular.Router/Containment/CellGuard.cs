using Cellular.Router.Telemetry;
using Yarp.ReverseProxy.Forwarder;

namespace Cellular.Router.Containment;

/// <summary>
/// The failure-containment state of one cell, shared by every table version that names the cell:
/// its effective limits, its in-flight count (the concurrency cap and the in-flight gauge are the
/// same <see cref="Interlocked"/> counter), its circuit and its statistics.
/// </summary>
internal sealed class CellGuard
{
    private int _inFlight;
    private long _lastShedLogTimestamp = long.MinValue;
    private string? _endpoint;

    /// <summary>Creates the guard.</summary>
    public CellGuard(string cellId, string? endpoint, CellLimits limits, CellCircuit circuit, CellStatsRing stats)
    {
        CellId = cellId;
        _endpoint = endpoint;
        Limits = limits;
        Circuit = circuit;
        Stats = stats;
        RequestConfig = new ForwarderRequestConfig { ActivityTimeout = limits.UpstreamTimeout };
        ShedDetail = $"Cell {cellId} is shedding load: {limits.ConcurrencyLimit} requests are already in flight to it; retry shortly.";
    }

    /// <summary>The cell.</summary>
    public string CellId { get; }

    /// <summary>The endpoint the cell had when last seen in a table.</summary>
    public string? Endpoint
    {
        get => Volatile.Read(ref _endpoint);
        set => Volatile.Write(ref _endpoint, value);
    }

    /// <summary>The cell's effective limits.</summary>
    public CellLimits Limits { get; }

    /// <summary>YARP's per-request settings for this cell: its upstream timeout.</summary>
    public ForwarderRequestConfig RequestConfig { get; }

    /// <summary>The cell's circuit breaker.</summary>
    public CellCircuit Circuit { get; }

    /// <summary>The cell's per-second statistics.</summary>
    public CellStatsRing Stats { get; }

    /// <summary>The detail of a shed request's problem, formatted once.</summary>
    public string ShedDetail { get; }

    /// <summary>Requests in flight to the cell now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Takes an in-flight slot; false (and nothing taken) when the cell is at its limit.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _inFlight) <= Limits.ConcurrencyLimit)
        {
            return true;
        }

        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    /// <summary>Gives back the slot taken by <see cref="TryEnter"/>.</summary>
    public void Exit() => Interlocked.Decrement(ref _inFlight);

    /// <summary>True at most once per <paramref name="interval"/>, so shedding under load logs one line every few seconds.</summary>
    public bool ShouldLogShed(long nowTimestamp, long interval)
    {
        var last = Interlocked.Read(ref _lastShedLogTimestamp);
        return (last == long.MinValue || nowTimestamp - last >= interval)
            && Interlocked.CompareExchange(ref _lastShedLogTimestamp, nowTimestamp, last) == last;
    }
}
