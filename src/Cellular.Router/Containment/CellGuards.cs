using System.Collections.Concurrent;
using Cellular.Router.Telemetry;
using Microsoft.Extensions.Options;

namespace Cellular.Router.Containment;

/// <summary>
/// One <see cref="CellGuard"/> per cell of the table in use, kept across table versions so a
/// cell's circuit and in-flight count survive every publication. Called when a table is applied
/// (and by reporters), never on the request path: requests find their guard on the
/// <see cref="Routing.CellTarget"/>.
/// </summary>
internal sealed class CellGuards
{
    private readonly ConcurrentDictionary<string, CellGuard> _byCell = new(StringComparer.Ordinal);
    private readonly RouterOptions _options;
    private readonly TimeProvider _time;
    private readonly StatsRecorder _stats;
    private readonly ILogger _circuitLogger;

    /// <summary>Creates the registry.</summary>
    public CellGuards(IOptions<RouterOptions> options, TimeProvider time, StatsRecorder stats, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = options.Value;
        _time = time;
        _stats = stats;
        _circuitLogger = loggers.CreateLogger<CellCircuit>();
    }

    /// <summary>The guard of <paramref name="cellId"/>; its circuit starts afresh when the cell's endpoint changed.</summary>
    public CellGuard Get(string cellId, string? endpoint)
    {
        if (_byCell.TryGetValue(cellId, out var guard))
        {
            var previous = guard.Endpoint;
            if (endpoint is not null && previous is not null && !string.Equals(previous, endpoint, StringComparison.Ordinal))
            {
                guard.Circuit.Reset();
            }

            guard.Endpoint = endpoint ?? previous;
            return guard;
        }

        var limits = CellLimits.For(_options, cellId);

        // A probe that never reports is given up after the longest it can legitimately take.
        var probeTimeout = limits.UpstreamTimeout + _options.ConnectTimeout;
        var circuit = new CellCircuit(cellId, _options.CircuitBreaker, probeTimeout, _time, _circuitLogger);
        return _byCell.GetOrAdd(cellId, new CellGuard(cellId, endpoint, limits, circuit, _stats.For(cellId)));
    }

    /// <summary>Drops the guards of cells not in <paramref name="cellIds"/>; requests still holding one finish normally.</summary>
    public void RetainOnly(IReadOnlySet<string> cellIds)
    {
        foreach (var id in _byCell.Keys)
        {
            if (!cellIds.Contains(id))
            {
                _byCell.TryRemove(id, out _);
            }
        }
    }
}
