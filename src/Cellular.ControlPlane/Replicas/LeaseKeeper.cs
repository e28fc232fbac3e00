using Cellular.ControlPlane.Hosting;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Store.Leases;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Replicas;

/// <summary>
/// Claims leases for this replica (owner = its <see cref="ControlPlaneInstance.ReplicaId"/>) and
/// keeps them: a claimed lease comes back as a <see cref="HeldLease"/> that renews itself every
/// <see cref="LeaseOptions.Heartbeat"/> and cancels its <see cref="HeldLease.Lost"/> token the
/// moment renewal is refused. On SQLite the one replica claims everything through the same code.
/// </summary>
internal sealed partial class LeaseKeeper(
    IStoreDatabase database,
    LeaseStore leases,
    LeaseFence fence,
    ControlPlaneInstance instance,
    IOptions<LeaseOptions> options,
    TimeProvider time,
    ILogger<LeaseKeeper> logger)
{
    /// <summary>This replica's id: the owner of the leases it claims.</summary>
    public string Owner => instance.ReplicaId;

    public LeaseOptions Options => options.Value;

    public TimeProvider Time => time;

    public LeaseFence Fence => fence;

    /// <summary>Claims <paramref name="name"/> when it is free or expired and starts its heartbeat; null when another replica holds it.</summary>
    public async Task<HeldLease?> TryHoldAsync(string name, CancellationToken cancellationToken)
    {
        var ttl = options.Value.Ttl;
        var lease = await database.WriteAsync(tx => leases.TryClaimAsync(tx, name, Owner, ttl), cancellationToken);
        if (lease is null)
        {
            return null;
        }

        Log.Claimed(logger, lease.Name, lease.Token, Owner, (long)ttl.TotalMilliseconds);
        return new HeldLease(this, lease);
    }

    /// <summary>The leases starting with <paramref name="prefix"/> held unexpired now, with their owners: the work not to try to claim.</summary>
    public Task<IReadOnlyDictionary<string, string>> ListHeldAsync(string prefix, CancellationToken cancellationToken) =>
        database.ReadAsync(tx => leases.ListHeldAsync(tx, prefix), cancellationToken);

    /// <summary>
    /// Throws <see cref="LeaseLostException"/> when the current flow runs under a lease that is no
    /// longer held: called between a workflow's side effects (its checkpoints), so a run that lost
    /// its lease stops before its next cell call, not only at its next write.
    /// </summary>
    public async Task EnsureCurrentHeldAsync(CancellationToken cancellationToken)
    {
        if (fence.Current is { } lease && !await database.ReadAsync(tx => leases.IsHeldAsync(tx, lease, lockRow: false), cancellationToken))
        {
            throw new LeaseLostException($"The lease {lease.Name} (token {lease.Token}) is no longer held by {lease.Owner}: another replica may own the work now, so this run stops before its next step.")
            {
                Lease = lease.Name,
                Token = lease.Token,
            };
        }
    }

    /// <summary>
    /// Asks whichever replica holds <paramref name="name"/> to stop the run it drives under it, within
    /// a heartbeat (<see cref="HeldLease.Interrupted"/>); with <paramref name="reserve"/> the next
    /// claim is this replica's (see <see cref="HoldAsync"/>). The request lasts a lease time. False
    /// when nobody holds the lease. Not fenced by the flow's own lease.
    /// </summary>
    public async Task<bool> RequestInterruptAsync(string name, bool reserve, CancellationToken cancellationToken)
    {
        using var unfenced = fence.Suspend();
        var requested = await database.WriteAsync(tx => leases.RequestInterruptAsync(tx, name, reserve ? Owner : null, options.Value.Ttl), cancellationToken);
        if (requested)
        {
            Log.InterruptRequested(logger, name, reserve, Owner);
        }

        return requested;
    }

    /// <summary>
    /// Takes <paramref name="name"/> for this replica even while another replica drives work under
    /// it: asks the holder to stop (reserving the next claim for this replica) and claims the lease
    /// once it is let go, trying every <see cref="LeaseOptions.Heartbeat"/> / 4 for up to
    /// <paramref name="timeout"/>; null when it could not (the holder did not let go in time).
    /// </summary>
    public async Task<HeldLease?> HoldAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var interval = options.Value.Heartbeat / 4;
        while (true)
        {
            if (await TryHoldAsync(name, cancellationToken) is { } held)
            {
                return held;
            }

            if (time.GetElapsedTime(started) >= timeout)
            {
                return null;
            }

            // Asked again each round: the request lasts a lease time, and the holder may be between runs.
            await RequestInterruptAsync(name, reserve: true, cancellationToken);
            await Task.Delay(interval, time, cancellationToken);
        }
    }

    /// <summary>
    /// Renews <paramref name="lease"/>: null when it is lost, else whether an interrupt was requested
    /// on it (in the same transaction). Not fenced by the flow's own lease: the renewal is the check.
    /// </summary>
    internal async Task<bool?> RenewAsync(Lease lease, CancellationToken cancellationToken)
    {
        using var unfenced = fence.Suspend();
        return await database.WriteAsync(
            async tx => await leases.RenewAsync(tx, lease, options.Value.Ttl) ? await leases.IsInterruptRequestedAsync(tx, lease) : (bool?)null,
            cancellationToken);
    }

    internal async Task ReleaseAsync(Lease lease)
    {
        using var unfenced = fence.Suspend();
        try
        {
            await database.WriteAsync(
                async tx =>
                {
                    await leases.ReleaseAsync(tx, lease);
                    return 0;
                },
                CancellationToken.None);
            Log.Released(logger, lease.Name, lease.Token);
        }
        catch (Exception e)
        {
            // It expires on its own; another replica waits at most the lease time.
            Log.ReleaseFailed(logger, e, lease.Name, lease.Token);
        }
    }

    internal void Lost(Lease lease, string reason) => Log.Lost(logger, lease.Name, lease.Token, reason);

    internal void Interrupted(Lease lease) => Log.Interrupted(logger, lease.Name, lease.Token);

    internal void RenewFailed(Lease lease, Exception e) => Log.RenewFailed(logger, e, lease.Name, lease.Token);

    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.LeaseInterruptRequested, LogLevel.Information, "Asked the holder of lease {lease} to stop its run (next claim reserved: {reserved}) as replica {owner}")]
        public static partial void InterruptRequested(ILogger logger, string lease, bool reserved, string owner);

        [LoggerMessage(Logging.EventIds.LeaseInterrupted, LogLevel.Information, "Another replica asked to stop the run under lease {lease} (token {token}); stopping it")]
        public static partial void Interrupted(ILogger logger, string lease, long token);

        [LoggerMessage(Logging.EventIds.LeaseClaimed, LogLevel.Information, "Claimed lease {lease} with token {token} as replica {owner} for {ttlMs} ms")]
        public static partial void Claimed(ILogger logger, string lease, long token, string owner, long ttlMs);

        [LoggerMessage(Logging.EventIds.LeaseReleased, LogLevel.Debug, "Released lease {lease} (token {token})")]
        public static partial void Released(ILogger logger, string lease, long token);

        [LoggerMessage(Logging.EventIds.LeaseReleaseFailed, LogLevel.Warning, "Could not release lease {lease} (token {token}); it expires on its own")]
        public static partial void ReleaseFailed(ILogger logger, Exception exception, string lease, long token);

        [LoggerMessage(Logging.EventIds.LeaseLost, LogLevel.Warning, "Lost lease {lease} (token {token}): {reason}; its run is stopped and writes nothing more")]
        public static partial void Lost(ILogger logger, string lease, long token, string reason);

        [LoggerMessage(Logging.EventIds.LeaseRenewFailed, LogLevel.Warning, "Could not renew lease {lease} (token {token}); retrying until it would expire")]
        public static partial void RenewFailed(ILogger logger, Exception exception, string lease, long token);
    }
}
