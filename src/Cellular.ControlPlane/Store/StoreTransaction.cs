using System.Data.Common;

namespace Cellular.ControlPlane.Store;

/// <summary>
/// One open transaction handed to the per-aggregate stores. <see cref="Now"/> is the
/// <see cref="TimeProvider"/>'s time, taken once, so every row a change writes carries the same
/// instant (leases use the database's own clock instead, see <c>Store/Leases</c>).
/// </summary>
internal sealed record StoreTransaction(DbConnection Connection, DbTransaction Transaction, ISqlDialect Dialect, DateTimeOffset Now)
{
    /// <summary><see cref="Now"/> as stored: round-trip ISO 8601 text in UTC.</summary>
    public string NowText { get; } = StoreTime.Format(Now);
}
