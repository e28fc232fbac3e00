namespace Cellular.ControlPlane.Store;

/// <summary>
/// Checked by <see cref="IStoreDatabase.WriteAsync{T}"/> inside every write transaction, before
/// the work runs, so no write path can forget it: the lease fence of the workflow the write
/// belongs to (a replica that lost its lease cannot write) is one.
/// </summary>
internal interface IStoreWriteGuard
{
    /// <summary>Throws to refuse the write; the transaction is then rolled back.</summary>
    Task CheckAsync(StoreTransaction transaction, CancellationToken cancellationToken);
}
