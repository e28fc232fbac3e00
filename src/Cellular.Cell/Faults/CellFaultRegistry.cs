using System.Collections.Immutable;
using Cellular.Core.Api;
using Microsoft.Extensions.Logging;

namespace Cellular.Cell.Faults;

/// <summary>
/// The faults set in this cell. Writers (the <c>/_cell/faults</c> endpoints and the expiry timer)
/// take a lock and publish a new immutable <see cref="CellFaultSet"/>; the request path only reads
/// <see cref="Current"/>. Faults always expire: a timer on the injected <see cref="TimeProvider"/>
/// removes each one at its <c>expiresAt</c>, and readers skip any the timer has not reached yet.
/// </summary>
internal sealed partial class CellFaultRegistry : IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CellFaultRegistry> _logger;
    private readonly Lock _writeLock = new();
    private readonly ITimer _expiryTimer;
    private CellFaultSet _current = CellFaultSet.Empty;

    public CellFaultRegistry(TimeProvider timeProvider, ILogger<CellFaultRegistry> logger)
    {
        _timeProvider = timeProvider;
        _logger = logger;
        _expiryTimer = timeProvider.CreateTimer(static state => ((CellFaultRegistry)state!).RemoveExpired(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The published faults; may still hold some that expired a moment ago.</summary>
    public CellFaultSet Current => Volatile.Read(ref _current);

    /// <summary>The faults that have not expired, oldest first.</summary>
    public IReadOnlyList<CellFault> List()
    {
        var now = _timeProvider.GetUtcNow();
        return Current.Faults.Where(f => !f.IsExpired(now)).Select(f => f.View).ToList();
    }

    public CellFault? Find(string id)
    {
        var now = _timeProvider.GetUtcNow();
        return Current.Faults.FirstOrDefault(f => f.View.Id == id && !f.IsExpired(now))?.View;
    }

    /// <summary>Sets a fault described by an already validated request (every optional value filled in).</summary>
    public CellFault Add(CellFaultRequest request)
    {
        lock (_writeLock)
        {
            var now = _timeProvider.GetUtcNow();
            var duration = request.DurationSeconds!.Value;
            var view = new CellFault(
                $"f-{Guid.NewGuid():N}"[..14],
                request.Kind!.Value,
                duration,
                request.LatencyMs,
                request.Status,
                request.Rate!.Value,
                request.Tenants,
                now,
                now.AddSeconds(duration));
            Publish(Current.Faults.Add(new ActiveCellFault(view, _timeProvider)), now);
            LogFaultSet(_logger, view.Id, view.Kind, view.DurationSeconds, view.ExpiresAt, view.Rate, view.LatencyMs, view.Status, DescribeTenants(view.Tenants));
            return view;
        }
    }

    /// <returns>False when no live fault has <paramref name="id"/>.</returns>
    public bool Remove(string id)
    {
        lock (_writeLock)
        {
            var now = _timeProvider.GetUtcNow();
            var fault = Current.Faults.FirstOrDefault(f => f.View.Id == id && !f.IsExpired(now));
            if (fault is null)
            {
                return false;
            }

            Publish(Current.Faults.Remove(fault), now);
            LogFaultCleared(_logger, fault.View.Id, fault.View.Kind);
            return true;
        }
    }

    /// <returns>How many live faults were cleared.</returns>
    public int Clear()
    {
        lock (_writeLock)
        {
            var now = _timeProvider.GetUtcNow();
            var cleared = Current.Faults.Count(f => !f.IsExpired(now));
            Publish([], now);
            LogFaultsCleared(_logger, cleared);
            return cleared;
        }
    }

    public void Dispose() => _expiryTimer.Dispose();

    private void RemoveExpired()
    {
        lock (_writeLock)
        {
            var now = _timeProvider.GetUtcNow();
            var faults = Current.Faults;
            foreach (var fault in faults.Where(f => f.IsExpired(now)))
            {
                LogFaultExpired(_logger, fault.View.Id, fault.View.Kind, fault.View.ExpiresAt);
            }

            Publish(faults.RemoveAll(f => f.IsExpired(now)), now);
        }
    }

    /// <summary>Publishes <paramref name="faults"/> and points the timer at the next expiry. Call under the write lock.</summary>
    private void Publish(ImmutableArray<ActiveCellFault> faults, DateTimeOffset now)
    {
        Volatile.Write(ref _current, faults.IsEmpty ? CellFaultSet.Empty : new CellFaultSet(faults));
        if (faults.IsEmpty)
        {
            _expiryTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = faults.Min(f => f.View.ExpiresAt) - now;
        _expiryTimer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    private static string DescribeTenants(IReadOnlyList<string>? tenants) => tenants is null ? "(all)" : string.Join(',', tenants);
}
