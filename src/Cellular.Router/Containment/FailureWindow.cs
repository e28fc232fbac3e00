namespace Cellular.Router.Containment;

/// <summary>
/// Requests and failures of one cell over a sliding window, in ten slots that are recycled as
/// time moves on. Recording is two <see cref="Interlocked"/> increments; a slot object is
/// allocated only when a new slot starts (at most ten times per window).
/// </summary>
internal sealed class FailureWindow
{
    private const int SlotCount = 10;

    private readonly Slot?[] _slots = new Slot?[SlotCount];
    private readonly long _slotTicks;
    private long _floor;

    /// <summary>Creates a window of <paramref name="windowTicks"/> timestamp ticks.</summary>
    public FailureWindow(long windowTicks)
    {
        _slotTicks = Math.Max(1, windowTicks / SlotCount);
    }

    /// <summary>Counts one request that ended at <paramref name="now"/>.</summary>
    public void Record(long now, bool failed)
    {
        var slot = SlotFor(now / _slotTicks);
        if (slot is null)
        {
            return;
        }

        Interlocked.Increment(ref slot.Requests);
        if (failed)
        {
            Interlocked.Increment(ref slot.Failures);
        }
    }

    /// <summary>True when the window holds at least <paramref name="minimumRequests"/> and at least <paramref name="ratio"/> of them failed.</summary>
    public bool Exceeds(long now, int minimumRequests, double ratio)
    {
        var current = now / _slotTicks;
        var floor = Math.Max(current - SlotCount + 1, Volatile.Read(ref _floor));
        long requests = 0, failures = 0;
        for (var i = 0; i < _slots.Length; i++)
        {
            var s = Volatile.Read(ref _slots[i]);
            if (s is not null && s.Index >= floor && s.Index <= current)
            {
                requests += Volatile.Read(ref s.Requests);
                failures += Volatile.Read(ref s.Failures);
            }
        }

        return requests >= minimumRequests && failures >= ratio * requests;
    }

    /// <summary>Forgets everything recorded before <paramref name="now"/>'s slot, so a recovered cell starts with a clean window.</summary>
    public void Reset(long now)
    {
        var current = now / _slotTicks;
        Volatile.Write(ref _floor, current);
        Volatile.Write(ref _slots[(int)(current % SlotCount)], new Slot(current));
    }

    private Slot? SlotFor(long index)
    {
        ref var cell = ref _slots[(int)(index % SlotCount)];
        while (true)
        {
            var slot = Volatile.Read(ref cell);
            if (slot is not null && slot.Index >= index)
            {
                // A slot from the future means this caller was delayed past a whole window: drop the sample.
                return slot.Index == index ? slot : null;
            }

            var fresh = new Slot(index);
            if (Interlocked.CompareExchange(ref cell, fresh, slot) == slot)
            {
                return fresh;
            }
        }
    }

    private sealed class Slot(long index)
    {
        public readonly long Index = index;
        public int Requests;
        public int Failures;
    }
}
