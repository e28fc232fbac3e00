using System.Collections.Concurrent;
using Cellular.ControlPlane.Http;
using Cellular.ControlPlane.Replicas;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Experiments;

/// <summary>
/// Which replica works on which experiment. The one that begins an experiment holds its lease
/// until it ends, and its checks write under it; an experiment nobody holds (its replica died, or
/// the control plane restarted) is aborted by whoever claims it, and a report is built under a
/// short-lived claim, so two replicas never build one twice.
/// </summary>
internal sealed partial class ExperimentRunner
{
    /// <summary>The experiments this replica began and watches, with their leases.</summary>
    private readonly ConcurrentDictionary<string, HeldLease> _watched = new(StringComparer.Ordinal);

    /// <summary>
    /// How long a Pending experiment may go without a lease before it counts as orphaned: it is
    /// created before the replica beginning it claims it, so a very young one is not an orphan.
    /// </summary>
    private TimeSpan PendingGrace => leases.Options.Ttl * 2;

    /// <summary>
    /// Reads the before-window, injects the fault into every target and makes the experiment
    /// Running, under the lease this replica then watches it with; Failed (with nothing left
    /// injected) when the baseline cannot be read or a cell refuses the fault. Returns the
    /// experiment as it is afterwards.
    /// </summary>
    public async Task<ExperimentRecord> BeginAsync(ExperimentRecord pending, string actor, CancellationToken cancellationToken)
    {
        var lease = await WatchAsync(pending.Id, cancellationToken);
        if (lease is null)
        {
            return await store.GetExperimentAsync(pending.Id, cancellationToken) ?? pending;
        }

        ExperimentRecord begun;
        using (lease.Enter())
        {
            begun = await BeginWatchedAsync(pending, actor, cancellationToken);
        }

        if (!begun.IsActive)
        {
            await UnwatchAsync(pending.Id);
        }

        return begun;
    }

    private bool IsWatchedHere(string id) => _watched.TryGetValue(id, out var lease) && !lease.IsLost;

    private bool IsOrphan(ExperimentRecord experiment, IReadOnlyDictionary<string, string> held, DateTimeOffset now) =>
        !held.ContainsKey(LeaseNames.Experiment(experiment.Id))
        && (experiment.State == ExperimentState.Running || now - experiment.Experiment.CreatedAt >= PendingGrace);

    /// <summary>The active experiments no replica holds now: left by a control plane that stopped or died.</summary>
    private async Task<List<ExperimentRecord>> ListOrphansAsync(CancellationToken cancellationToken)
    {
        var held = await leases.ListHeldAsync(LeaseNames.ExperimentPrefix, cancellationToken);
        return [.. (await store.ListUnfinishedExperimentsAsync(cancellationToken)).Where(e => e.IsActive && !held.ContainsKey(LeaseNames.Experiment(e.Id)))];
    }

    /// <summary>Claims an orphan and aborts it, clearing its faults; nothing when another replica claimed it first.</summary>
    private Task AbortOrphanAsync(string id, string reason, CancellationToken cancellationToken) =>
        UnderLeaseAsync(id, () => EndAsync(id, ExperimentState.Aborted, reason, Actor.ControlPlane, cancellationToken), cancellationToken);

    /// <summary>Runs <paramref name="work"/> fenced by a lease on experiment <paramref name="id"/> claimed for it; skipped when another replica holds it.</summary>
    private async Task UnderLeaseAsync(string id, Func<Task> work, CancellationToken cancellationToken)
    {
        await using var lease = await leases.TryHoldAsync(LeaseNames.Experiment(id), cancellationToken);
        if (lease is null)
        {
            return;
        }

        using (lease.Enter())
        {
            await work();
        }
    }

    /// <summary>Runs <paramref name="work"/> fenced by the lease this replica watches experiment <paramref name="id"/> with.</summary>
    private async Task WatchedAsync(string id, Func<Task> work)
    {
        if (!_watched.TryGetValue(id, out var lease))
        {
            return;
        }

        using (lease.Enter())
        {
            await work();
        }
    }

    /// <summary>Claims experiment <paramref name="id"/> for this replica to watch; null when another replica has it.</summary>
    private async Task<HeldLease?> WatchAsync(string id, CancellationToken cancellationToken)
    {
        var lease = await leases.TryHoldAsync(LeaseNames.Experiment(id), cancellationToken);
        if (lease is not null && !_watched.TryAdd(id, lease))
        {
            await lease.DisposeAsync();
            return _watched[id];
        }

        return lease;
    }

    /// <summary>Stops watching (and releases) <paramref name="id"/>.</summary>
    private async Task UnwatchAsync(string id)
    {
        if (_watched.TryRemove(id, out var lease))
        {
            await lease.DisposeAsync();
        }
    }

    /// <summary>Releases the leases of watched experiments that ended (whoever ended them) or whose lease was lost.</summary>
    private async Task ReleaseEndedAsync(IReadOnlyList<ExperimentRecord> unfinished)
    {
        var active = unfinished.Where(e => e.IsActive).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, lease) in _watched)
        {
            if (!active.Contains(id) || lease.IsLost)
            {
                await UnwatchAsync(id);
            }
        }
    }

    private async Task ReleaseAllAsync()
    {
        foreach (var id in _watched.Keys)
        {
            await UnwatchAsync(id);
        }
    }
}
