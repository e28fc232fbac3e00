using System.Threading.Channels;
using Cellular.Core.Routing;

namespace Cellular.Router.Sync;

/// <summary>
/// Writes applied tables to the last-known-good file in the background, newest first: a table of
/// millions of tenants takes a while to write, and the sync must not wait for that before it
/// asks for the next change. Versions that arrive while a write runs are coalesced, so only the
/// newest is written, and after each write the writer rests four times as long as the write took
/// (at least a second), so a burst of changes to a large table costs at most a fifth of a core
/// rather than one full serialisation per change. The file therefore trails the table in use by a
/// few seconds at most (<c>diskTableVersion</c> in <c>/_router/health</c> says by how much); on
/// shutdown the pending version is still written.
/// </summary>
internal sealed partial class TableDiskWriter : BackgroundService
{
    private static readonly TimeSpan MinimumRest = TimeSpan.FromSeconds(1);

    private readonly Channel<RoutingTable> _pending = Channel.CreateBounded<RoutingTable>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly LastKnownGoodTable _disk;
    private readonly SyncStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger<TableDiskWriter> _logger;

    /// <summary>Creates the writer.</summary>
    public TableDiskWriter(LastKnownGoodTable disk, SyncStatus status, TimeProvider time, ILogger<TableDiskWriter> logger)
    {
        _disk = disk;
        _status = status;
        _time = time;
        _logger = logger;
    }

    /// <summary>Queues <paramref name="table"/> to be written, replacing any version still waiting.</summary>
    public void Schedule(RoutingTable table) => _pending.Writer.TryWrite(table);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                if (_pending.Reader.TryRead(out var table))
                {
                    var started = _time.GetTimestamp();
                    await Task.Run(() => Write(table), CancellationToken.None);
                    var rest = _time.GetElapsedTime(started) * 4;
                    await Task.Delay(rest > MinimumRest ? rest : MinimumRest, _time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the newest table still waiting is written below.
        }

        if (_pending.Reader.TryRead(out var last))
        {
            Write(last);
        }
    }

    private void Write(RoutingTable table)
    {
        // A table of another store replaces the file whatever its version.
        if (table.Version <= _status.DiskVersion && string.Equals(table.StoreId, _status.DiskStoreId, StringComparison.Ordinal))
        {
            return;
        }

        try
        {
            _disk.Save(table);
            _status.RecordWritten(table.Version, table.StoreId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.WriteFailed(_logger, table.Version, _disk.FilePath, e.Message, e);
            _status.RecordError(_time.GetUtcNow(), $"Routing table version {table.Version} is in use but could not be written to '{_disk.FilePath}': {e.Message}");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.TableFileWriteFailed, LogLevel.Error, "Routing table version {version} is in use but could not be written to {file}: {reason}")]
        public static partial void WriteFailed(ILogger logger, long version, string file, string reason, Exception exception);
    }
}
