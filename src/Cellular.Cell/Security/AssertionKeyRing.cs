namespace Cellular.Cell.Security;

/// <summary>
/// The assertion-key generations the cell accepts: the highest it has seen with a valid signature
/// and the one before it. Keys of those two are kept (derived once); any other generation costs one
/// derivation and is kept only once an assertion signed with it proves valid, so no caller can
/// grow this beyond two keys.
/// </summary>
internal sealed class AssertionKeyRing(CellCredentials credentials)
{
    /// <summary>How many generations are accepted: the highest seen and the one before.</summary>
    public const int AcceptedGenerations = 2;

    private readonly Lock _lock = new();
    private Slot[] _slots = [];

    /// <summary>The highest generation seen in a valid assertion; 0 before the first.</summary>
    public long Highest => Volatile.Read(ref _slots) is { Length: > 0 } slots ? slots[0].Generation : 0;

    /// <summary>True when <paramref name="generation"/> is older than the cell accepts.</summary>
    public bool IsRetired(long generation) => generation <= Highest - AcceptedGenerations;

    /// <summary>The key of <paramref name="generation"/>, cached or derived.</summary>
    public byte[] KeyOf(long generation)
    {
        foreach (var slot in Volatile.Read(ref _slots))
        {
            if (slot.Generation == generation)
            {
                return slot.Key;
            }
        }

        return credentials.DeriveAssertionKey(generation);
    }

    /// <summary>Records that a valid assertion of <paramref name="generation"/> arrived with <paramref name="key"/>.</summary>
    public void Seen(long generation, byte[] key)
    {
        if (Holds(Volatile.Read(ref _slots), generation))
        {
            return;
        }

        lock (_lock)
        {
            var slots = _slots;
            var highest = slots.Length > 0 ? slots[0].Generation : 0;
            if (Holds(slots, generation) || generation <= highest - AcceptedGenerations)
            {
                return;
            }

            var next = Math.Max(highest, generation);
            Volatile.Write(ref _slots, [.. slots.Append(new Slot(generation, key))
                .Where(s => s.Generation > next - AcceptedGenerations)
                .OrderByDescending(s => s.Generation)]);
        }
    }

    private static bool Holds(Slot[] slots, long generation)
    {
        foreach (var slot in slots)
        {
            if (slot.Generation == generation)
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Slot(long Generation, byte[] Key);
}
