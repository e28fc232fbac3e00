using Cellular.Core.Model;

namespace Cellular.ControlPlane.Store.Rows;

/// <summary>A <c>tenants</c> row as Dapper reads it.</summary>
internal sealed class TenantRow
{
    public const string Select = """
        SELECT id AS Id, cell AS Cell, weight AS Weight, pinned AS Pinned, epoch AS Epoch,
               created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM tenants
        """;

    public string Id { get; set; } = string.Empty;

    public string Cell { get; set; } = string.Empty;

    public long Weight { get; set; }

    public long Pinned { get; set; }

    public long Epoch { get; set; }

    public string CreatedAt { get; set; } = string.Empty;

    public string UpdatedAt { get; set; } = string.Empty;

    public Tenant ToTenant() => new(Id, (int)Weight, Cell, Pinned != 0, Epoch);

    public TenantRecord ToRecord() => new(ToTenant(), StoreTime.Parse(CreatedAt), StoreTime.Parse(UpdatedAt));
}
