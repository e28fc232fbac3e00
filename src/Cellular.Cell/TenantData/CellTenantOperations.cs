using Cellular.Cell.Ownership;
using Cellular.Core.Api;
using Microsoft.Extensions.Logging;

namespace Cellular.Cell.TenantData;

/// <summary>
/// What the control plane can do to one tenant of this cell while moving it: fence and drain,
/// unfence, activate, mark moved, export, import, read and apply changes, hash, purge. Every
/// change of ownership or data runs under the tenant's admin lock; ownership changes go through
/// the app's store first and the request-path cache second.
/// </summary>
internal sealed partial class CellTenantOperations(
    TenantOwnershipCache cache,
    TenantActivity activity,
    TenantAdminLocks locks,
    TimeProvider timeProvider,
    ILogger<CellTenantOperations> logger,
    ITenantOwnershipStore? ownership = null,
    ITenantDataStore? data = null)
{
    /// <summary>
    /// Fences the tenant at <paramref name="epoch"/> (new requests and writes are refused), waits until its
    /// in-flight requests are done and returns the high-water sequence number after that.
    /// </summary>
    public async Task<TenantFenceResult> FenceAsync(string tenant, long epoch, TimeSpan drainTimeout, CancellationToken cancellationToken)
    {
        var store = RequireOwnership();
        var dataStore = RequireData();
        using var admin = await locks.AcquireAsync(tenant, cancellationToken).ConfigureAwait(false);
        var fenced = await ChangeAsync(store, tenant, current => TenantOwnershipRules.Fence(tenant, current, epoch), cancellationToken).ConfigureAwait(false);
        LogFenced(logger, tenant, fenced.Epoch, activity.InFlight(tenant));

        var started = timeProvider.GetTimestamp();
        if (!await activity.WaitDrainedAsync(tenant, drainTimeout, cancellationToken).ConfigureAwait(false))
        {
            var inFlight = activity.InFlight(tenant);
            LogDrainTimedOut(logger, tenant, inFlight, (long)drainTimeout.TotalMilliseconds);
            throw new TenantDrainTimeoutException(tenant, inFlight, drainTimeout);
        }

        var stats = await dataStore.GetStatsAsync(tenant, cancellationToken).ConfigureAwait(false);
        var drainMs = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;
        LogDrained(logger, tenant, drainMs, stats.Watermark);
        return new TenantFenceResult(tenant, fenced.Epoch, stats.Watermark, drainMs);
    }

    public async Task<CellTenantView> UnfenceAsync(string tenant, long? fencedAt, CancellationToken cancellationToken)
    {
        var store = RequireOwnership();
        using (await locks.AcquireAsync(tenant, cancellationToken).ConfigureAwait(false))
        {
            var serving = await ChangeAsync(store, tenant, current => TenantOwnershipRules.Unfence(tenant, current, fencedAt), cancellationToken).ConfigureAwait(false);
            LogUnfenced(logger, tenant, serving.Epoch);
        }

        return await GetAsync(tenant, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CellTenantView> ActivateAsync(string tenant, long epoch, CancellationToken cancellationToken)
    {
        var store = RequireOwnership();
        using (await locks.AcquireAsync(tenant, cancellationToken).ConfigureAwait(false))
        {
            var serving = await ChangeAsync(store, tenant, current => TenantOwnershipRules.Activate(tenant, current, epoch), cancellationToken).ConfigureAwait(false);
            LogActivated(logger, tenant, serving.Epoch);
        }

        return await GetAsync(tenant, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CellTenantView> MovedAsync(string tenant, string cell, long epoch, CancellationToken cancellationToken)
    {
        var store = RequireOwnership();
        using (await locks.AcquireAsync(tenant, cancellationToken).ConfigureAwait(false))
        {
            var moved = await ChangeAsync(store, tenant, current => TenantOwnershipRules.Moved(tenant, current, cell, epoch), cancellationToken).ConfigureAwait(false);
            LogMovedAway(logger, tenant, cell, moved.Epoch);
        }

        return await GetAsync(tenant, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CellTenantView> GetAsync(string tenant, CancellationToken cancellationToken)
    {
        var record = (ownership is null ? null : await ownership.GetAsync(tenant, cancellationToken).ConfigureAwait(false)) ?? TenantOwnership.Unrecorded;
        var stats = data is null ? new TenantDataStats(0, 0) : await data.GetStatsAsync(tenant, cancellationToken).ConfigureAwait(false);
        return new CellTenantView(tenant, record.State, record.Epoch, record.MovedTo, stats.Rows, stats.Watermark, activity.InFlight(tenant));
    }

    public Task<TenantSnapshot> ExportAsync(string tenant, CancellationToken cancellationToken) =>
        RequireData().ExportAsync(tenant, cancellationToken);

    public async Task<CellTenantView> ImportAsync(TenantSnapshot snapshot, CancellationToken cancellationToken)
    {
        var store = RequireOwnership();
        var dataStore = RequireData();
        using (await locks.AcquireAsync(snapshot.Tenant, cancellationToken).ConfigureAwait(false))
        {
            TenantOwnershipRules.EnsureFenced(snapshot.Tenant, await ReadAsync(store, snapshot.Tenant, cancellationToken).ConfigureAwait(false), "import");
            await dataStore.ImportAsync(snapshot, cancellationToken).ConfigureAwait(false);
            LogImported(logger, snapshot.Tenant, snapshot.Rows.Count, snapshot.Watermark);
        }

        return await GetAsync(snapshot.Tenant, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One page of the change feed; <see cref="TenantChangePage.Next"/> is where the next page starts.</summary>
    public async Task<TenantChangePage> GetChangesAsync(string tenant, long after, int limit, CancellationToken cancellationToken)
    {
        var read = await RequireData().GetChangesAsync(tenant, after, limit, cancellationToken).ConfigureAwait(false);
        var full = read.Changes.Count >= limit;

        // A page that is not full holds every change up to the high-water mark read with it.
        var next = full ? read.Changes[^1].Seq : Math.Max(after, read.HighWater);
        return new TenantChangePage(tenant, read.Changes, next, full, read.HighWater);
    }

    public async Task<CellTenantView> ApplyChangesAsync(TenantChangePage page, CancellationToken cancellationToken)
    {
        var store = RequireOwnership();
        var dataStore = RequireData();
        using (await locks.AcquireAsync(page.Tenant, cancellationToken).ConfigureAwait(false))
        {
            TenantOwnershipRules.EnsureFenced(page.Tenant, await ReadAsync(store, page.Tenant, cancellationToken).ConfigureAwait(false), "apply changes to");
            await dataStore.ApplyChangesAsync(page.Tenant, page.Changes, page.Next, cancellationToken).ConfigureAwait(false);
            LogChangesApplied(logger, page.Tenant, page.Changes.Count, page.Next);
        }

        return await GetAsync(page.Tenant, cancellationToken).ConfigureAwait(false);
    }

    public Task<TenantHash> HashAsync(string tenant, CancellationToken cancellationToken) =>
        RequireData().ComputeHashAsync(tenant, cancellationToken);

    /// <summary>
    /// Deletes the tenant's data: only when it moved away, unless <paramref name="force"/>. With
    /// <paramref name="fencedAt"/> a forced purge happens only while the tenant is fenced here at
    /// exactly that epoch, checked under the tenant's lock: a control plane rolling back a move sends
    /// it, so its purge, however late it arrives (a paused replica, a delayed request), can never
    /// delete a copy that another run of the same move has since activated and serves.
    /// </summary>
    public async Task PurgeAsync(string tenant, bool force, long? fencedAt, CancellationToken cancellationToken)
    {
        var dataStore = RequireData();
        using (await locks.AcquireAsync(tenant, cancellationToken).ConfigureAwait(false))
        {
            var current = ownership is null ? TenantOwnership.Unrecorded : await ReadAsync(ownership, tenant, cancellationToken).ConfigureAwait(false);
            if (current.State != TenantOwnershipState.Moved && !force)
            {
                throw new TenantOwnershipConflictException(
                    $"Tenant '{tenant}' is {current.State} in this cell, so its data here may be the only copy. Only a tenant that moved away is purged; add ?force=true to delete it anyway (e.g. the copy on the target of a rolled-back move).");
            }

            if (fencedAt is { } epoch && current.State != TenantOwnershipState.Moved && (current.State != TenantOwnershipState.Fenced || current.Epoch != epoch))
            {
                throw new TenantOwnershipConflictException(
                    $"Tenant '{tenant}' is {current.State} at epoch {current.Epoch} in this cell, not fenced at epoch {epoch}: its data here is not that move's copy any more, so it is kept.");
            }

            await dataStore.PurgeAsync(tenant, cancellationToken).ConfigureAwait(false);
            LogPurged(logger, tenant, current.State, force);
        }
    }

    private async Task<TenantOwnership> ChangeAsync(ITenantOwnershipStore store, string tenant, Func<TenantOwnership, TenantOwnership> change, CancellationToken cancellationToken)
    {
        cache.Invalidate(tenant);
        var changed = await store.UpdateAsync(tenant, change, cancellationToken).ConfigureAwait(false);
        cache.Set(tenant, changed);
        return changed;
    }

    private static async Task<TenantOwnership> ReadAsync(ITenantOwnershipStore store, string tenant, CancellationToken cancellationToken) =>
        await store.GetAsync(tenant, cancellationToken).ConfigureAwait(false) ?? TenantOwnership.Unrecorded;

    private ITenantOwnershipStore RequireOwnership() => ownership ?? throw new CellContractNotImplementedException(
        $"This app keeps no tenant ownership records, so it cannot fence or hand over tenants. Implement {nameof(ITenantOwnershipStore)} and register it with AddCellular().AddTenantOwnershipStore<T>().");

    private ITenantDataStore RequireData() => data ?? throw new CellContractNotImplementedException(
        $"This app cannot export or import tenant data. Implement {nameof(ITenantDataStore)} and register it with AddCellular().AddTenantDataStore<T>().");
}
