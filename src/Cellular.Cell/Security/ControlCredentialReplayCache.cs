namespace Cellular.Cell.Security;

/// <summary>
/// The ids of control credentials this cell has accepted, each kept until its credential's expiry
/// plus clock skew (after that the credential is refused as expired anyway), so a captured
/// credential cannot be used a second time. Bounded: at <see cref="Capacity"/> ids the expired ones
/// are dropped, and if none are, the cache refuses to take more (the caller answers 503) rather
/// than grow. Control calls are rare, so a lock is cheap here.
/// </summary>
internal sealed class ControlCredentialReplayCache(TimeProvider timeProvider, int capacity = ControlCredentialReplayCache.DefaultCapacity)
{
    /// <summary>The most ids kept by default.</summary>
    public const int DefaultCapacity = 100_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _ids = new(StringComparer.Ordinal);

    /// <summary>What <see cref="TryAccept"/> decided.</summary>
    public enum Outcome
    {
        /// <summary>First use: recorded.</summary>
        Accepted,

        /// <summary>The id was accepted before.</summary>
        Replayed,

        /// <summary>The cache is full of unexpired ids; nothing recorded.</summary>
        Full,
    }

    /// <summary>The most ids kept.</summary>
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Ids kept now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _ids.Count;
            }
        }
    }

    /// <summary>Records <paramref name="id"/> until <paramref name="keepUntil"/>, unless it was accepted before or there is no room.</summary>
    public Outcome TryAccept(string id, DateTimeOffset keepUntil)
    {
        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (_ids.TryGetValue(id, out var until) && until >= now)
            {
                return Outcome.Replayed;
            }

            if (_ids.Count >= Capacity && !_ids.ContainsKey(id))
            {
                foreach (var (key, value) in _ids)
                {
                    if (value < now)
                    {
                        _ids.Remove(key);
                    }
                }

                if (_ids.Count >= Capacity)
                {
                    return Outcome.Full;
                }
            }

            _ids[id] = keepUntil;
            return Outcome.Accepted;
        }
    }
}
