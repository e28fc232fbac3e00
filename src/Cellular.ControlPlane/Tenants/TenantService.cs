using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Publishing;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Tenants;

/// <summary>
/// Tenants: creation with placement, listing, pins. Every committed change publishes a new
/// routing-table version.
/// </summary>
internal sealed partial class TenantService(
    IStoreDatabase database,
    TenantStore tenants,
    CellStore cells,
    TableVersionStore versions,
    AuditStore audit,
    RoutingTablePublisher publisher,
    ILogger<TenantService> logger)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public async Task<TenantView> CreateAsync(CreateTenantRequest request, string actor, CancellationToken cancellationToken)
    {
        var placement = TenantRequestValidator.Validate(request);
        var created = await InsertAsync(placement, actor, cancellationToken);
        publisher.Committed(created.Version);
        Log.Created(logger, created.Value.Tenant.Id, created.Value.Tenant.Cell, created.Version);
        return created.Value.ToView();
    }

    /// <summary>One page of tenants ordered by id; with <paramref name="cell"/>, only the tenants placed in it.</summary>
    public async Task<Page<TenantView>> ListAsync(int limit, string? after, string? cell, CancellationToken cancellationToken)
    {
        if (after is not null)
        {
            TenantRequestValidator.RequireTenantId(after);
        }

        var page = await database.ReadAsync(tx => tenants.ListAsync(tx, limit, after, cell), cancellationToken);
        return new Page<TenantView>(page.Items.Select(t => t.ToView()).ToList(), page.Next, page.Total);
    }

    public async Task<TenantView> GetAsync(string id, CancellationToken cancellationToken)
    {
        TenantRequestValidator.RequireTenantId(id);
        var tenant = await database.ReadAsync(tx => tenants.GetAsync(tx, id), cancellationToken) ?? throw ControlPlaneException.TenantNotFound(id);
        return tenant.ToView();
    }

    /// <summary>Pins (or unpins) a tenant to its current cell; routers then report the rule <c>pin</c>.</summary>
    public async Task<TenantView> SetPinnedAsync(string id, bool pinned, string actor, CancellationToken cancellationToken)
    {
        TenantRequestValidator.RequireTenantId(id);
        var changed = await CommitPinnedAsync(id, pinned, actor, cancellationToken);
        if (changed.Changed)
        {
            publisher.Committed(changed.Version);
            Log.PinChanged(logger, id, changed.Value.Tenant.Cell, pinned, changed.Version);
        }

        return changed.Value.ToView();
    }
}
