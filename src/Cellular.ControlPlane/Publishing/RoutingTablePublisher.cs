using System.Text.Json;
using Cellular.ControlPlane.Configuration;
using Cellular.Core.Json;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Publishing;

/// <summary>
/// Knows the newest committed table version, serves its snapshot (built and serialised once
/// per version) and wakes long-polling routers when a new version is committed.
/// </summary>
internal sealed partial class RoutingTablePublisher(
    RoutingTableSource source,
    IOptions<ControlPlaneOptions> options,
    ILogger<RoutingTablePublisher> logger)
{
    private readonly SemaphoreSlim _buildLock = new(1, 1);
    private PublishedTable? _current;
    private long _latestVersion;
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>The newest version known to be committed.</summary>
    public long LatestVersion => Interlocked.Read(ref _latestVersion);

    /// <summary>
    /// Completes at the next committed version. Take it before reading the current table, so a
    /// change between the two cannot be missed.
    /// </summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>Announces a committed version; called after every mutation's transaction commits.</summary>
    public void Committed(long version)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref _latestVersion);
            if (version <= seen)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _latestVersion, version, seen) != seen);

        Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
        Log.TablePublished(logger, version);
    }

    /// <summary>The table of the newest committed version, built from the store on first use.</summary>
    public async ValueTask<PublishedTable> GetCurrentAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && current.Version >= LatestVersion)
        {
            return current;
        }

        await _buildLock.WaitAsync(cancellationToken);
        try
        {
            current = _current;
            if (current is not null && current.Version >= LatestVersion)
            {
                return current;
            }

            var state = await source.ReadAsync(cancellationToken);
            var snapshot = SnapshotFactory.Build(state, options.Value.Fallback);
            var json = JsonSerializer.SerializeToUtf8Bytes(snapshot, CellularJsonContext.Default.RoutingTableSnapshot);
            current = new PublishedTable(state.Version, json);
            Volatile.Write(ref _current, current);
            Log.TableBuilt(logger, state.Version, state.Cells.Count, state.Tenants.Count, json.Length);

            // The store may be ahead of what this process was told (another writer); catch up.
            Committed(state.Version);
            return current;
        }
        finally
        {
            _buildLock.Release();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
