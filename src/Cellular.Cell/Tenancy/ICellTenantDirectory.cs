namespace Cellular.Cell.Tenancy;

/// <summary>
/// Implemented by the app over its own store: which tenants this cell holds. The SDK reports
/// the count in <c>GET /_cell/info</c> so operators can compare it with the control plane's view.
/// Register it with <c>AddCellular().AddTenantDirectory&lt;T&gt;()</c>; without one the count is 0.
/// </summary>
public interface ICellTenantDirectory
{
    /// <summary>Number of tenants with data in this cell.</summary>
    Task<int> CountTenantsAsync(CancellationToken cancellationToken);
}
