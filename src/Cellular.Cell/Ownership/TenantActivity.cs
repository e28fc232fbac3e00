using System.Collections.Concurrent;

namespace Cellular.Cell.Ownership;

/// <summary>
/// Counts each tenant's app requests in flight, so a fence can wait until the ones that got past
/// the request-path check have finished. A tenant has a counter only while it has requests in
/// flight: the last one out retires it, so the map holds at most one entry per request in flight,
/// however many tenant ids arrive.
/// </summary>
internal sealed class TenantActivity(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Counter> _tenants = new(StringComparer.Ordinal);

    /// <summary>Tenants with a counter now (those with requests in flight, and any being retired).</summary>
    public int TrackedTenants => _tenants.Count;

    /// <summary>Counts one request in; call <see cref="Exit"/> with the result when it is done.</summary>
    public Counter Enter(string tenant)
    {
        while (true)
        {
            var counter = _tenants.GetOrAdd(tenant, static _ => new Counter());
            if (counter.TryEnter())
            {
                return counter;
            }

            // Retired by the last request out, which is removing it; help and take a fresh one.
            _tenants.TryRemove(new KeyValuePair<string, Counter>(tenant, counter));
        }
    }

    /// <summary>Counts a request of <paramref name="tenant"/> out; the last one out retires its counter.</summary>
    public void Exit(string tenant, Counter counter)
    {
        if (counter.Exit())
        {
            _tenants.TryRemove(new KeyValuePair<string, Counter>(tenant, counter));
        }
    }

    public int InFlight(string tenant) => _tenants.TryGetValue(tenant, out var counter) ? counter.Count : 0;

    /// <returns>True when no request of the tenant is in flight; false when some still are after <paramref name="timeout"/>.</returns>
    public Task<bool> WaitDrainedAsync(string tenant, TimeSpan timeout, CancellationToken cancellationToken) =>
        _tenants.TryGetValue(tenant, out var counter)
            ? counter.WaitForZeroAsync(timeout, timeProvider, cancellationToken)
            : Task.FromResult(true);

    /// <summary>
    /// The in-flight count of one tenant, with a signal for whoever waits for it to reach zero.
    /// Retired (count -1) when it reaches zero; a retired counter takes no more requests.
    /// </summary>
    internal sealed class Counter
    {
        private const int Retired = -1;

        private int _count;
        private TaskCompletionSource? _drained;

        public int Count => Math.Max(0, Volatile.Read(ref _count));

        /// <returns>False when the counter is retired; take a new one.</returns>
        public bool TryEnter()
        {
            var count = Volatile.Read(ref _count);
            while (count != Retired)
            {
                var seen = Interlocked.CompareExchange(ref _count, count + 1, count);
                if (seen == count)
                {
                    return true;
                }

                count = seen;
            }

            return false;
        }

        /// <returns>True when this was the last request and the counter is now retired.</returns>
        public bool Exit()
        {
            if (Interlocked.Decrement(ref _count) != 0)
            {
                return false;
            }

            Volatile.Read(ref _drained)?.TrySetResult();
            return Interlocked.CompareExchange(ref _count, Retired, 0) == 0;
        }

        public async Task<bool> WaitForZeroAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
        {
            var drained = Volatile.Read(ref _drained);
            if (drained is null || drained.Task.IsCompleted)
            {
                var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                drained = Interlocked.CompareExchange(ref _drained, fresh, drained) == drained ? fresh : Volatile.Read(ref _drained)!;
            }

            // Read the count only after the waiter is visible: a request leaving before this sees
            // zero (or retired) here, one leaving after it finds the waiter.
            if (Interlocked.CompareExchange(ref _count, 0, 0) <= 0)
            {
                drained.TrySetResult();
            }

            try
            {
                await drained.Task.WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (TimeoutException)
            {
                return Count == 0;
            }
        }
    }
}
