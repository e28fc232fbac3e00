namespace Cellular.Cell;

/// <summary>
/// Bounds of what the cell keeps per tenant in memory, so that no stream of tenant ids, however
/// many or hostile, grows the process. Bound from <c>Cellular:Cell:TenantState</c> and validated at start-up.
/// </summary>
public sealed class CellTenantStateOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Cellular:Cell:TenantState";

    /// <summary>
    /// Most tenants whose ownership record the request path keeps in memory. Past it, the least
    /// recently used entries are dropped and read again from the app's store when needed.
    /// </summary>
    /// <value>Default 10,000; from 16 to 10,000,000.</value>
    public int OwnershipCacheSize { get; set; } = 10_000;
}
