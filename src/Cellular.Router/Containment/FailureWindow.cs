namespace Cellular.Router.Containment;

/// <summary>
/// Requests and failures of one cell over a sliding window, in ten slots that are recycled as
/// time moves on. Recording is two <see cref="Interlocked"/> increments; a slot object is
/// allocated only when a new slot starts (at most ten times per window). Each slot also keeps the
/// first two distinct tenants (by hash) that sent requests and that failed, so the circuit can
/// tell one tenant's failures from the cell's: bounded state whatever the tenants.
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
    /// <param name="now">When it ended.</param>
    /// <param name="failed">Whether it failed (5xx or no answer).</param>
    /// <param name="tenant">A non-zero hash of its tenant; 0 when unknown (not counted among tenants).</param>
    public void Record(long now, bool failed, long tenant = 0)
    {
        var slot = SlotFor(now / _slotTicks);
        if (slot is null)
        {
            return;
        }

        Interlocked.Increment(ref slot.Requests);
        if (tenant != 0)
        {
            Note(ref slot.Tenant1, ref slot.Tenant2, tenant);
        }

        if (failed)
        {
            Interlocked.Increment(ref slot.Failures);
            if (tenant != 0)
            {
                Note(ref slot.FailedTenant1, ref slot.FailedTenant2, tenant);
            }
        }
    }

    /// <summary>
    /// True when the failures in the window come from at least <paramref name="minimumTenants"/>
    /// distinct tenants (at most 2), or from as many as sent requests when fewer did.
    /// </summary>
    public bool SpreadOverTenants(long now, int minimumTenants)
    {
        if (minimumTenants <= 1)
        {
            return true;
        }

        var current = now / _slotTicks;
        var floor = Math.Max(current - SlotCount + 1, Volatile.Read(ref _floor));
        long seenA = 0, seenB = 0, failedA = 0, failedB = 0;
        for (var i = 0; i < _slots.Length; i++)
        {
            var s = Volatile.Read(ref _slots[i]);
            if (s is not null && s.Index >= floor && s.Index <= current)
            {
                Collect(ref seenA, ref seenB, Volatile.Read(ref s.Tenant1));
                Collect(ref seenA, ref seenB, Volatile.Read(ref s.Tenant2));
                Collect(ref failedA, ref failedB, Volatile.Read(ref s.FailedTenant1));
                Collect(ref failedA, ref failedB, Volatile.Read(ref s.FailedTenant2));
            }
        }

        var seen = (seenA != 0 ? 1 : 0) + (seenB != 0 ? 1 : 0);
        var failing = (failedA != 0 ? 1 : 0) + (failedB != 0 ? 1 : 0);
        return failing >= Math.Min(Math.Min(minimumTenants, 2), seen);
    }

    private static void Collect(ref long a, ref long b, long tenant)
    {
        if (tenant == 0 || tenant == a || tenant == b)
        {
            return;
        }

        if (a == 0)
        {
            a = tenant;
        }
        else if (b == 0)
        {
            b = tenant;
        }
    }

    /// <summary>Keeps <paramref name="tenant"/> in the first free of two places unless already there; no lock, no allocation.</summary>
    private static void Note(ref long first, ref long second, long tenant)
    {
        var a = Volatile.Read(ref first);
        if (a == tenant)
        {
            return;
        }

        if (a == 0)
        {
            a = Interlocked.CompareExchange(ref first, tenant, 0);
            if (a == 0 || a == tenant)
            {
                return;
            }
        }

        if (Volatile.Read(ref second) == 0)
        {
            Interlocked.CompareExchange(ref second, tenant, 0);
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
        public long Tenant1;
        public long Tenant2;
        public long FailedTenant1;
        public long FailedTenant2;
    }
}
