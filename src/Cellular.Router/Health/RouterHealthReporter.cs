using Cellular.Core.Api;
using Cellular.Router.Routing;
using Cellular.Router.Sync;
using Microsoft.Extensions.Options;

namespace Cellular.Router.Health;

/// <summary>
/// Builds <see cref="RouterHealth"/>. A router with a stale or missing table is <c>Degraded</c>
/// but still answers 200 and keeps routing: static stability means the data plane does not stop
/// because the control plane is away.
/// </summary>
internal sealed class RouterHealthReporter
{
    private readonly RoutingTableHolder _holder;
    private readonly SyncStatus _status;
    private readonly RouterOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the reporter.</summary>
    public RouterHealthReporter(RoutingTableHolder holder, SyncStatus status, IOptions<RouterOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _holder = holder;
        _status = status;
        _options = options.Value;
        _time = time;
    }

    /// <summary>The router's health now.</summary>
    public RouterHealth Report()
    {
        var state = _holder.State;
        var lastSyncAt = _status.LastSyncAt;

        // A long poll in progress is the control plane deliberately holding its answer.
        var limit = _options.StaleAfter + (_status.PollInProgress ? _options.LongPollWait : TimeSpan.Zero);
        var stale = lastSyncAt is null || _time.GetUtcNow() - lastSyncAt.Value > limit;
        var healthy = !stale && state.Table.Version > 0;

        return new RouterHealth(
            healthy ? "Healthy" : "Degraded",
            state.Table.Version,
            stale,
            state.Source.ToWireName(),
            lastSyncAt,
            _status.LastError,
            state.Table.TenantCount,
            state.Table.Cells.Count,
            Environment.ProcessId,
            _status.DiskVersion,
            _status.ControlPlane,
            _status.Failovers,
            CellularRouterIoExtensions.InlineInEffect(_options.Io) ? "inline" : "thread-pool");
    }
}
