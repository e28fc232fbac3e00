using Cellular.Cell.Tenancy;
using Cellular.Core.Api;

namespace Cellular.Cell.TenantData;

/// <summary>
/// Implemented by the app over its own store so the control plane can move a tenant between cells
/// without knowing the app's schema: a consistent snapshot with the change sequence number it is
/// consistent with, the change feed after that number, and a content hash to verify the copy.
/// Rows and changes are the app's own JSON; the SDK only carries them.
/// Register it with <c>AddCellular().AddTenantDataStore&lt;T&gt;()</c>.
/// </summary>
/// <remarks>
/// Every write of a tenant takes the next number of that tenant's change sequence in its own
/// transaction, and every row records the number of its latest change; deletes leave a tombstone
/// with their number, so the change feed is complete.
/// </remarks>
public interface ITenantDataStore : ICellTenantDirectory
{
    /// <summary>All live rows of the tenant and the sequence number they are consistent with, read in one transaction.</summary>
    Task<TenantSnapshot> ExportAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces all of the tenant's data here with <paramref name="snapshot"/> in one transaction;
    /// afterwards the tenant's sequence continues from at least <see cref="TenantSnapshot.Watermark"/>.
    /// Importing the same snapshot twice gives the same result.
    /// </summary>
    /// <exception cref="TenantDataFormatException">A row is not valid for this app.</exception>
    Task ImportAsync(TenantSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> changes with a sequence number above <paramref name="after"/>,
    /// ascending (a row changed several times appears once, with its latest change), and the
    /// tenant's highest sequence number, read in one transaction.
    /// </summary>
    Task<TenantChanges> GetChangesAsync(string tenant, long after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Applies changes read from another cell's feed, in one transaction: a change replaces a row
    /// only when it is newer than the row's latest change here, so applying a page twice is harmless.
    /// Afterwards the tenant's sequence continues from at least <paramref name="watermark"/>.
    /// </summary>
    /// <exception cref="TenantDataFormatException">A change is not valid for this app.</exception>
    Task ApplyChangesAsync(string tenant, IReadOnlyList<TenantChange> changes, long watermark, CancellationToken cancellationToken);

    /// <summary>
    /// A digest of the tenant's live logical rows (not sequence numbers or anything else local to
    /// this cell), equal on two cells exactly when they hold the same data.
    /// </summary>
    Task<TenantHash> ComputeHashAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>Live rows and the highest sequence number of the tenant here (both 0 for an unknown tenant).</summary>
    Task<TenantDataStats> GetStatsAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>Deletes all of the tenant's data here (the ownership record stays).</summary>
    Task PurgeAsync(string tenant, CancellationToken cancellationToken);
}
