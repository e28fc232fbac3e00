using System.Globalization;
using Cellular.Core.Routing;
using Cellular.Router.Routing;
using Microsoft.Extensions.Options;

namespace Cellular.Router.Sync;

/// <summary>
/// The last-known-good routing table on disk (<see cref="RouterOptions.TableFile"/>, in the
/// checksummed <see cref="RoutingTableFile"/> format). Loaded once, before the router serves, so a
/// router restarted while the control plane is down routes at once. A file that cannot be
/// trusted is refused, reported, and moved aside to <c>{file}.corrupt-{timestamp}</c>.
/// </summary>
internal sealed partial class LastKnownGoodTable
{
    private readonly Lock _loadLock = new();
    private readonly RoutingTableHolder _holder;
    private readonly SyncStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger<LastKnownGoodTable> _logger;
    private bool _loaded;

    /// <summary>Creates the store; the path is resolved against the working directory.</summary>
    public LastKnownGoodTable(RoutingTableHolder holder, SyncStatus status, IOptions<RouterOptions> options, TimeProvider time, ILogger<LastKnownGoodTable> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _holder = holder;
        _status = status;
        _time = time;
        _logger = logger;
        FilePath = Path.GetFullPath(options.Value.TableFile);
    }

    /// <summary>The table file's full path.</summary>
    public string FilePath { get; }

    /// <summary>Loads the file into the holder the first time it is called; later calls do nothing.</summary>
    public void EnsureLoaded()
    {
        lock (_loadLock)
        {
            if (_loaded)
            {
                return;
            }

            _loaded = true;
            Load();
        }
    }

    /// <summary>Writes <paramref name="snapshot"/> atomically: to <c>{file}.tmp</c>, flushed to the disk, then renamed over the file.</summary>
    public void Save(RoutingTableSnapshot snapshot)
    {
        var bytes = RoutingTableFile.Serialize(snapshot);
        SaveAtomically(stream => stream.Write(bytes));
    }

    /// <summary>
    /// Writes <paramref name="table"/> atomically: to <c>{file}.tmp</c>, flushed to the disk, then
    /// renamed over the file. The table is encoded straight from its compact map as it is written
    /// (<see cref="RoutingTableFile.Write"/>), so saving a million tenants allocates no snapshot.
    /// </summary>
    public void Save(RoutingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        SaveAtomically(stream => RoutingTableFile.Write(table, stream));
    }

    private void SaveAtomically(Action<FileStream> write)
    {
        var directory = Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Unbuffered: the writers hand over whole blocks, and RoutingTableFile.Write seeks back to
        // put in the checksum.
        var temporary = FilePath + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.None))
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, FilePath, overwrite: true);
    }

    private void Load()
    {
        FileStream file;
        try
        {
            file = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            Log.FileMissing(_logger, FilePath);
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable is not corrupt: leave the file where it is for a person to look at.
            Unreadable(e);
            return;
        }

        RoutingTable table;
        try
        {
            // Read a block at a time: the file of a million tenants is never in memory whole.
            using (file)
            {
                table = RoutingTableFile.Read(file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Unreadable(e);
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // RoutingTableException says why; anything else a parser throws means the same thing here.
            var movedTo = MoveAside();
            var reason = e.Message;
            Log.FileRefused(_logger, FilePath, reason, movedTo ?? "(not moved)", e);
            var where = movedTo is null ? "could not be moved aside" : $"was moved to '{movedTo}'";
            _status.RecordError(_time.GetUtcNow(), $"The routing table file '{FilePath}' was refused and {where}: {reason}");
            return;
        }

        _holder.Apply(table, TableSource.Disk);
        Log.LoadedFromDisk(_logger, table.Version, FilePath, table.TenantCount, table.Cells.Count);
    }

    private void Unreadable(Exception e)
    {
        Log.FileUnreadable(_logger, FilePath, e.Message, e);
        _status.RecordError(_time.GetUtcNow(), $"The routing table file '{FilePath}' cannot be read: {e.Message}");
    }

    private string? MoveAside()
    {
        var stamp = _time.GetUtcNow().ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var target = $"{FilePath}.corrupt-{stamp}";
        try
        {
            File.Move(FilePath, target, overwrite: false);
            return target;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.MoveAsideFailed(_logger, FilePath, target, e.Message, e);
            return null;
        }
    }
}
