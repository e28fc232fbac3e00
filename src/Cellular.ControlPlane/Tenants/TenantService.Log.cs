namespace Cellular.ControlPlane.Tenants;

/// <summary>Log events of the tenant service.</summary>
internal sealed partial class TenantService
{
    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.TenantCreated, LogLevel.Information, "Tenant {tenant} placed in cell {cell}; table version {version}")]
        public static partial void Created(ILogger logger, string tenant, string cell, long version);

        [LoggerMessage(Logging.EventIds.TenantPinChanged, LogLevel.Information, "Tenant {tenant} in cell {cell} pinned: {pinned}; table version {version}")]
        public static partial void PinChanged(ILogger logger, string tenant, string cell, bool pinned, long version);
    }
}
