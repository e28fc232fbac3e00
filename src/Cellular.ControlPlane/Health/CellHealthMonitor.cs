using System.Globalization;
using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Http;
using Cellular.ControlPlane.Providers;
using Cellular.ControlPlane.Publishing;
using Cellular.ControlPlane.Replicas;
using Cellular.ControlPlane.Store;
using Cellular.Core.Model;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Health;

/// <summary>
/// Probes every cell's <c>/_cell/health</c> on an interval and takes failing cells out of
/// rotation: an Active or Draining cell becomes Unhealthy after
/// <see cref="HealthMonitorOptions.FailureThreshold"/> failed probes in a row and gets its state
/// back after <see cref="HealthMonitorOptions.SuccessThreshold"/> healthy ones. Operator states
/// (Quarantined, Provisioning) are never overridden, and a cell an operator moved out of
/// Unhealthy is no longer the monitor's to give back. Every change publishes a new table version.
/// </summary>
/// <remarks>
/// Replicas: one replica at a time sweeps, the holder of the singleton lease
/// <see cref="LeaseNames.HealthMonitor"/> (see <see cref="SingletonLease"/> for why a lease and not
/// an advisory lock); its marks are fenced by that lease. The others skip their rounds and take over
/// within the lease time when it dies.
/// </remarks>
internal sealed partial class CellHealthMonitor(
    IStoreDatabase database,
    CellStore cells,
    CellHealthMarking marking,
    CellProbe probe,
    CellHealthTracker tracker,
    RoutingTablePublisher publisher,
    IOptions<HealthMonitorOptions> options,
    LeaseKeeper leases,
    TimeProvider time,
    ILogger<CellHealthMonitor> logger) : BackgroundService
{
    /// <summary>The named HTTP client of probes; it has no timeout of its own, <see cref="HealthMonitorOptions.Timeout"/> bounds each probe.</summary>
    public const string HttpClientName = "cellular-health-monitor";

    private readonly SingletonLease _sweep = new(leases, LeaseNames.HealthMonitor);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _sweep.DisposeAsync();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (await _sweep.AcquireAsync(stoppingToken) is not { } sweep)
                {
                    // Another replica sweeps.
                    continue;
                }

                using var run = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, sweep.Lost);
                using (sweep.Enter())
                {
                    await ProbeOnceAsync(run.Token);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.RoundFailed(logger, e);
            }
        }
    }

    /// <summary>
    /// One round: probes every cell that is not retired, all at once, and applies each cell's
    /// outcome as soon as its own probe ends, so a hanging cell delays nobody else.
    /// </summary>
    public async Task ProbeOnceAsync(CancellationToken cancellationToken)
    {
        var live = await database.ReadAsync(cells.ListLiveAsync, cancellationToken);
        tracker.RetainOnly(live.Select(c => c.Id).ToHashSet(StringComparer.Ordinal));
        await Task.WhenAll(live.Where(c => c.Endpoint is not null).Select(c => ProbeCellAsync(c, cancellationToken)));
    }

    private async Task ProbeCellAsync(Cell cell, CancellationToken cancellationToken)
    {
        var error = await ProbeAsync(cell, cancellationToken);
        var history = tracker.Record(cell.Id, error, time.GetUtcNow());
        var settings = options.Value;
        if (error is not null)
        {
            Log.ProbeFailed(logger, cell.Id, history.ConsecutiveFailures, error);
            if (history.ConsecutiveFailures >= settings.FailureThreshold && cell.State is CellState.Active or CellState.Draining)
            {
                var reason = string.Create(CultureInfo.InvariantCulture, $"{history.ConsecutiveFailures} failed health probes in a row; last: {error}");
                var marked = await marking.MarkUnhealthyAsync(cell.Id, reason, Actor.HealthMonitor, cancellationToken);
                if (marked.Changed)
                {
                    publisher.Committed(marked.Version);
                    Log.MarkedUnhealthy(logger, cell.Id, cell.State, reason, marked.Version);
                }
            }
        }
        else if (history.ConsecutiveSuccesses >= settings.SuccessThreshold && cell.State == CellState.Unhealthy)
        {
            var reason = string.Create(CultureInfo.InvariantCulture, $"{history.ConsecutiveSuccesses} healthy probes in a row");
            var recovered = await marking.MarkRecoveredAsync(cell.Id, reason, Actor.HealthMonitor, cancellationToken);
            if (recovered.Changed)
            {
                publisher.Committed(recovered.Version);
                Log.Recovered(logger, cell.Id, recovered.Value.Cell.State, reason, recovered.Version);
            }
        }
    }

    /// <summary>Null when the cell answered 2xx as itself within the timeout; else what went wrong.</summary>
    private async Task<string?> ProbeAsync(Cell cell, CancellationToken cancellationToken)
    {
        var timeout = options.Value.Timeout;
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var result = await probe.CheckHealthAsync(cell.Endpoint!, linked.Token, HttpClientName);
            if (!result.Healthy)
            {
                return $"GET /_cell/health answered {result.Detail}";
            }

            return result.Cell is not null && result.Cell != cell.Id
                ? $"the endpoint {cell.Endpoint} answers as cell '{result.Cell}'"
                : null;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalMilliseconds:0} ms");
        }
    }
}
