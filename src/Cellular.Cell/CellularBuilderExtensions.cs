using Cellular.Cell;
using Cellular.Cell.Ownership;
using Cellular.Cell.Tenancy;
using Cellular.Cell.TenantData;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Plugs the app's own implementations into the cell SDK.</summary>
public static class CellularBuilderExtensions
{
    /// <summary>
    /// Uses <typeparamref name="TDirectory"/> (a singleton, shared with the app if it resolves
    /// the type itself) to count the cell's tenants for <c>GET /_cell/info</c>.
    /// </summary>
    public static ICellularBuilder AddTenantDirectory<TDirectory>(this ICellularBuilder builder)
        where TDirectory : class, ICellTenantDirectory
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TDirectory>();
        builder.Services.Replace(ServiceDescriptor.Singleton<ICellTenantDirectory>(sp => sp.GetRequiredService<TDirectory>()));
        return builder;
    }

    /// <summary>
    /// Uses <typeparamref name="TStore"/> (a singleton) for tenant export, import, change feed,
    /// hash and purge under <c>/_cell/tenants/{tenant}</c>, and to count tenants for
    /// <c>GET /_cell/info</c>.
    /// </summary>
    public static ICellularBuilder AddTenantDataStore<TStore>(this ICellularBuilder builder)
        where TStore : class, ITenantDataStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddTenantDirectory<TStore>();
        builder.Services.Replace(ServiceDescriptor.Singleton<ITenantDataStore>(sp => sp.GetRequiredService<TStore>()));
        return builder;
    }

    /// <summary>
    /// Uses <typeparamref name="TStore"/> (a singleton) to keep tenant ownership records, which
    /// turns on fencing: app requests of a tenant that is fenced or moved here, or that carry a
    /// stale epoch, are refused with 421, and <c>fence</c>/<c>activate</c>/<c>moved</c> work.
    /// The app's writes must also check ownership in their transaction with <see cref="TenantOwnershipGuard"/>.
    /// </summary>
    public static ICellularBuilder AddTenantOwnershipStore<TStore>(this ICellularBuilder builder)
        where TStore : class, ITenantOwnershipStore
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TStore>();
        builder.Services.Replace(ServiceDescriptor.Singleton<ITenantOwnershipStore>(sp => sp.GetRequiredService<TStore>()));
        return builder;
    }
}
