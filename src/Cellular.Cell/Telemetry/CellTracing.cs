namespace Cellular.Cell.Telemetry;

/// <summary>The attribute names the SDK puts on a cell's spans; the router's spans use the same ones.</summary>
public static class CellTracing
{
    /// <summary>The cell that served the request (<c>Cellular:Cell:Id</c>).</summary>
    public const string CellTag = "cell.id";

    /// <summary>The tenant the router asserted for the request (<c>X-Tenant-Id</c>, checked against <c>X-Cellular-Assertion</c>).</summary>
    public const string TenantTag = "tenant.id";

    /// <summary>The tenant's ownership epoch the router sent (<c>X-Tenant-Epoch</c>).</summary>
    public const string EpochTag = "cellular.tenant.epoch";
}
