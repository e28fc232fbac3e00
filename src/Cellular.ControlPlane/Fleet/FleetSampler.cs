using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Experiments;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Fleet;

/// <summary>
/// Reads the routers' statistics every <see cref="FleetOptions.SampleInterval"/> for the fleet view:
/// the increment since the last read (whole seconds, so adjacent reads never count a request twice)
/// becomes each cell's next sparkline value, and the last <see cref="FleetOptions.SignalWindow"/>
/// its golden signals. Only cells of the registry that are not retired are kept, whatever cell ids
/// the routers report, so the state stays bounded. A failed read keeps the sparklines and says why.
/// </summary>
internal sealed partial class FleetSampler(
    RouterStatsClient routers,
    IStoreDatabase database,
    CellStore cellStore,
    IOptions<FleetOptions> options,
    IOptions<ControlPlaneOptions> controlPlane,
    TimeProvider time,
    ILogger<FleetSampler> logger) : BackgroundService
{
    private readonly Dictionary<string, SparklineRing> _series = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sampleLock = new(1, 1);
    private FleetSample _current = FleetSample.None;
    private TaskCompletionSource _sampled = NewSignal();
    private DateTimeOffset? _lastTo;
    private DateTimeOffset? _lastSuccess;
    private long _sequence;

    /// <summary>The last sample.</summary>
    public FleetSample Current => Volatile.Read(ref _current);

    /// <summary>Completes at the next sample; take it before reading <see cref="Current"/> so none is missed.</summary>
    public Task Sampled => Volatile.Read(ref _sampled).Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(options.Value.SampleInterval, time);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.SampleFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Reads the routers once and publishes the new sample; the loop calls it, tests call it after moving the clock.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        await _sampleLock.WaitAsync(cancellationToken);
        try
        {
            Publish(await ReadAsync(cancellationToken));
        }
        finally
        {
            _sampleLock.Release();
        }
    }

    private async Task<FleetSample> ReadAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;

        // Only whole, finished seconds: the current one is still being counted by the routers.
        var end = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var live = (await database.ReadAsync(cellStore.ListAsync, cancellationToken))
            .Where(c => c.Cell.State != CellState.Retired)
            .Select(c => c.Cell.Id)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _series.Keys.Where(id => !live.Contains(id)).ToList())
        {
            _series.Remove(gone);
        }

        foreach (var id in live)
        {
            if (!_series.ContainsKey(id))
            {
                _series[id] = new SparklineRing(settings.SparklineSamples);
            }
        }

        var sequence = ++_sequence;
        if (controlPlane.Value.Routers.Count == 0)
        {
            return Unavailable(sequence, $"No router is configured, so there is no traffic data; set {ControlPlaneOptions.SectionName}:Routers:0 to a router's base URL.", routersConfigured: false);
        }

        // The increment since the last read, at most one signal window (after a long outage the
        // routers may no longer have more) and at least one second.
        var incrementFrom = _lastTo is { } last ? (last < end - settings.SignalWindow ? end - settings.SignalWindow : last) : end - settings.SampleInterval;
        StatsWindow window;
        StatsWindow? increment = null;
        try
        {
            var windowRead = routers.ReadAsync(end - settings.SignalWindow, end, cancellationToken);
            var incrementRead = incrementFrom < end ? routers.ReadAsync(incrementFrom, end, cancellationToken) : null;
            window = await windowRead;
            increment = incrementRead is null ? null : await incrementRead;
        }
        catch (RouterStatsException e)
        {
            Log.RoutersUnreadable(logger, e.Message);
            return Unavailable(sequence, e.Message, routersConfigured: true);
        }

        if (increment is not null)
        {
            var seconds = (increment.To - increment.From).TotalSeconds;
            foreach (var (id, ring) in _series)
            {
                ring.Add(seconds > 0 ? FleetSignals.Round(increment.For(id).Requests / seconds) : 0);
            }

            _lastTo = increment.To > incrementFrom ? increment.To : end;
        }

        var windowSeconds = (window.To - window.From).TotalSeconds;
        if (windowSeconds <= 0)
        {
            windowSeconds = settings.SignalWindow.TotalSeconds;
        }

        var cells = new Dictionary<string, CellSample>(_series.Count, StringComparer.Ordinal);
        foreach (var (id, ring) in _series)
        {
            cells[id] = new CellSample(FleetSignals.From(window.For(id), windowSeconds), ring.ToArray());
        }

        _lastSuccess = time.GetUtcNow();
        return new FleetSample(sequence, true, null, true, _lastSuccess, cells, FleetSignals.Sum(cells.Values.Select(c => c.Signals), windowSeconds));
    }

    private FleetSample Unavailable(long sequence, string error, bool routersConfigured)
    {
        var cells = new Dictionary<string, CellSample>(_series.Count, StringComparer.Ordinal);
        foreach (var (id, ring) in _series)
        {
            cells[id] = new CellSample(CellSignals.None, ring.ToArray());
        }

        return new FleetSample(sequence, false, error, routersConfigured, _lastSuccess, cells, CellSignals.None);
    }

    private void Publish(FleetSample sample)
    {
        Volatile.Write(ref _current, sample);
        Interlocked.Exchange(ref _sampled, NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
