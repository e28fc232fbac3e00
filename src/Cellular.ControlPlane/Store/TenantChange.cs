using Cellular.Core.Model;

namespace Cellular.ControlPlane.Store;

/// <summary>One entry of the tenant change log: the tenant as it is now, or null when it was deleted.</summary>
internal sealed record TenantChange(string Id, Tenant? Tenant);
