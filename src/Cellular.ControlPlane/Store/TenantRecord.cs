using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Store;

/// <summary>A stored tenant with its bookkeeping times.</summary>
internal sealed record TenantRecord(Tenant Tenant, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public TenantView ToView() => new(Tenant.Id, Tenant.Cell, Tenant.Weight, Tenant.Pinned, Tenant.Epoch, CreatedAt, UpdatedAt);
}
