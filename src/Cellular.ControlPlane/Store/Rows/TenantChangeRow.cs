using Cellular.Core.Model;

namespace Cellular.ControlPlane.Store.Rows;

/// <summary>A <c>tenant_changes</c> row joined with the tenant's current row (null columns once deleted).</summary>
internal sealed class TenantChangeRow
{
    public string Id { get; set; } = string.Empty;

    public string? Cell { get; set; }

    public long Weight { get; set; }

    public long Pinned { get; set; }

    public long Epoch { get; set; }

    public Tenant? ToTenant() => Cell is null ? null : new(Id, (int)Weight, Cell, Pinned != 0, Epoch);
}
