namespace Cellular.Router.Sync;

/// <summary>
/// What the table sync has to say about itself, for <c>/_router/health</c>: the last successful
/// contact with the control plane, the last error, and whether a long poll is in progress.
/// Written by the sync and the start-up load, read by health checks; never on the request path.
/// </summary>
internal sealed class SyncStatus
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _lastSyncAt;
    private string? _lastError;
    private bool _pollInProgress;
    private long _diskVersion;
    private string? _diskStoreId;
    private string? _controlPlane;
    private long _failovers;

    /// <summary>The control-plane replica the sync uses now (base URL).</summary>
    public string? ControlPlane => Volatile.Read(ref _controlPlane);

    /// <summary>Times the sync moved to another control-plane replica since start.</summary>
    public long Failovers => Interlocked.Read(ref _failovers);

    /// <summary>Records the replica the sync starts with.</summary>
    public void RecordControlPlane(string url) => Volatile.Write(ref _controlPlane, url);

    /// <summary>Records a move to the replica at <paramref name="url"/>.</summary>
    public void RecordFailover(string url)
    {
        Volatile.Write(ref _controlPlane, url);
        Interlocked.Increment(ref _failovers);
    }

    /// <summary>The newest table version written to the last-known-good file (0: none yet).</summary>
    public long DiskVersion => Interlocked.Read(ref _diskVersion);

    /// <summary>Records that <paramref name="version"/> is safely on disk.</summary>
    public void RecordWritten(long version, string? storeId)
    {
        Volatile.Write(ref _diskStoreId, storeId);
        Interlocked.Exchange(ref _diskVersion, version);
    }

    /// <summary>The store of the table on disk (see <see cref="Cellular.Core.Routing.RoutingTable.StoreId"/>).</summary>
    public string? DiskStoreId => Volatile.Read(ref _diskStoreId);

    /// <summary>Last time the control plane answered with a table or "no change".</summary>
    public DateTimeOffset? LastSyncAt
    {
        get
        {
            lock (_lock)
            {
                return _lastSyncAt;
            }
        }
    }

    /// <summary>The last load or sync error, prefixed with when it happened; kept after recovery.</summary>
    public string? LastError
    {
        get
        {
            lock (_lock)
            {
                return _lastError;
            }
        }
    }

    /// <summary>True while a long poll is waiting for the control plane's answer.</summary>
    public bool PollInProgress
    {
        get
        {
            lock (_lock)
            {
                return _pollInProgress;
            }
        }
    }

    /// <summary>Records a successful exchange with the control plane.</summary>
    public void RecordContact(DateTimeOffset at)
    {
        lock (_lock)
        {
            _lastSyncAt = at;
        }
    }

    /// <summary>Records an error for a person to read.</summary>
    public void RecordError(DateTimeOffset at, string message)
    {
        lock (_lock)
        {
            _lastError = $"{at:yyyy-MM-ddTHH:mm:ssZ} {message}";
        }
    }

    /// <summary>Marks the start or end of a long poll.</summary>
    public void SetPollInProgress(bool value)
    {
        lock (_lock)
        {
            _pollInProgress = value;
        }
    }
}
