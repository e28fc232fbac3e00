namespace Cellular.Cell.Ownership;

/// <summary>An ownership change that does not fit the tenant's current record (stale epoch, wrong state); answered with 409.</summary>
internal sealed class TenantOwnershipConflictException(string message) : Exception(message);
