using Microsoft.Extensions.Options;

namespace Cellular.Cell.Security;

/// <summary>
/// The assertion-key generations the cell accepts: the highest it has seen with a valid signature
/// (and any higher one, once its signature proves valid) and, for
/// <see cref="CellAuthOptions.PreviousGenerationGrace"/> after that highest one was first seen, the
/// one before it. The highest is kept in <see cref="AssertionGenerationFile"/>, so a restart does
/// not reopen retired generations: a restarted cell accepts the recorded generation and newer, not
/// the one before it. Keys of the highest and the previous generation are kept (derived once); any
/// other costs one derivation and is kept only once an assertion signed with it proves valid, so no
/// caller can grow this beyond two keys.
/// </summary>
internal sealed class AssertionKeyRing
{
    private readonly CellCredentials _credentials;
    private readonly AssertionGenerationFile _file;
    private readonly TimeProvider _time;
    private readonly TimeSpan _grace;
    private readonly Lock _lock = new();
    private State _state;

    public AssertionKeyRing(CellCredentials credentials, AssertionGenerationFile file, IOptions<CellAuthOptions> options, TimeProvider timeProvider)
    {
        _credentials = credentials;
        _file = file;
        _time = timeProvider;
        _grace = options.Value.PreviousGenerationGrace;
        _state = new State(credentials.HasSecret ? file.Read() : 0, null, []);
    }

    /// <summary>The highest generation seen in a valid assertion (here or before a restart); 0 before the first.</summary>
    public long Highest => Volatile.Read(ref _state).Highest;

    /// <summary>
    /// True when <paramref name="generation"/> is no longer accepted: older than the one before the
    /// highest, or the one before it once the grace since the highest was first seen is over (at
    /// once when the highest was read from the data directory at start).
    /// </summary>
    public bool IsRetired(long generation)
    {
        var state = Volatile.Read(ref _state);
        if (generation >= state.Highest)
        {
            return false;
        }

        return generation < state.Highest - 1
            || state.HighestSeenAt is not { } seenAt
            || _time.GetUtcNow() >= seenAt + _grace;
    }

    /// <summary>The key of <paramref name="generation"/>, cached or derived.</summary>
    public byte[] KeyOf(long generation)
    {
        foreach (var slot in Volatile.Read(ref _state).Slots)
        {
            if (slot.Generation == generation)
            {
                return slot.Key;
            }
        }

        return _credentials.DeriveAssertionKey(generation);
    }

    /// <summary>Records that a valid assertion of <paramref name="generation"/> arrived with <paramref name="key"/>.</summary>
    public void Seen(long generation, byte[] key)
    {
        if (Holds(Volatile.Read(ref _state), generation))
        {
            return;
        }

        lock (_lock)
        {
            var state = _state;
            if (Holds(state, generation) || generation < state.Highest - 1)
            {
                return;
            }

            var next = generation > state.Highest
                ? new State(generation, _time.GetUtcNow(), state.Slots)
                : state;
            next = next with
            {
                Slots = [.. next.Slots.Append(new Slot(generation, key))
                    .Where(s => s.Generation >= next.Highest - 1)
                    .OrderByDescending(s => s.Generation)],
            };
            if (next.Highest > state.Highest)
            {
                _file.Write(next.Highest);
            }

            Volatile.Write(ref _state, next);
        }
    }

    private static bool Holds(State state, long generation)
    {
        foreach (var slot in state.Slots)
        {
            if (slot.Generation == generation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The highest generation, when it was first seen in this process (null: read at start), the kept keys.</summary>
    private sealed record State(long Highest, DateTimeOffset? HighestSeenAt, Slot[] Slots);

    private sealed record Slot(long Generation, byte[] Key);
}
