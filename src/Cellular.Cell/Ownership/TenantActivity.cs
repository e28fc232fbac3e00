using System.Collections.Concurrent;

namespace Cellular.Cell.Ownership;

/// <summary>
/// Counts each tenant's app requests in flight, so a fence can wait until the ones that got past
/// the request-path check have finished. Entering and leaving are two interlocked operations.
/// </summary>
internal sealed class TenantActivity(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Counter> _tenants = new(StringComparer.Ordinal);

    /// <summary>Counts one request in; call <see cref="Counter.Exit"/> on the result when it is done.</summary>
    public Counter Enter(string tenant)
    {
        var counter = _tenants.GetOrAdd(tenant, static _ => new Counter());
        counter.Enter();
        return counter;
    }

    public int InFlight(string tenant) => _tenants.TryGetValue(tenant, out var counter) ? counter.Count : 0;

    /// <returns>True when no request of the tenant is in flight; false when some still are after <paramref name="timeout"/>.</returns>
    public Task<bool> WaitDrainedAsync(string tenant, TimeSpan timeout, CancellationToken cancellationToken) =>
        _tenants.TryGetValue(tenant, out var counter)
            ? counter.WaitForZeroAsync(timeout, timeProvider, cancellationToken)
            : Task.FromResult(true);

    /// <summary>The in-flight count of one tenant, with a signal for whoever waits for it to reach zero.</summary>
    internal sealed class Counter
    {
        private readonly Lock _waiterLock = new();
        private int _count;
        private TaskCompletionSource? _drained;

        public int Count => Volatile.Read(ref _count);

        public void Enter() => Interlocked.Increment(ref _count);

        public void Exit()
        {
            if (Interlocked.Decrement(ref _count) == 0)
            {
                Volatile.Read(ref _drained)?.TrySetResult();
            }
        }

        public async Task<bool> WaitForZeroAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
        {
            TaskCompletionSource drained;
            lock (_waiterLock)
            {
                if (_drained is null || _drained.Task.IsCompleted)
                {
                    Volatile.Write(ref _drained, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                }

                drained = _drained!;
            }

            // Read the count only after the waiter is visible: a request leaving before this sees
            // zero here, one leaving after it finds the waiter.
            if (Interlocked.CompareExchange(ref _count, 0, 0) == 0)
            {
                drained.TrySetResult();
            }

            try
            {
                await drained.Task.WaitAsync(timeout, timeProvider, cancellationToken);
                return true;
            }
            catch (TimeoutException)
            {
                return Count == 0;
            }
        }
    }
}
