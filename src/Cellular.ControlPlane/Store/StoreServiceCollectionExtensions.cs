using Cellular.ControlPlane.Publishing;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Store.Postgres;
using Cellular.ControlPlane.Store.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the store: options from <c>Cellular:ControlPlane:Store</c>, validated at start-up, and the database of the chosen provider.</summary>
internal static class StoreServiceCollectionExtensions
{
    public static IServiceCollection AddCellularStore(this IServiceCollection services)
    {
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>());
        services.TryAddSingleton<SqliteStoreDatabase>();
        services.TryAddSingleton<PostgresStoreDatabase>();
        services.TryAddSingleton<IStoreDatabase>(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.Provider switch
        {
            StoreProviders.Sqlite => sp.GetRequiredService<SqliteStoreDatabase>(),
            StoreProviders.Postgres => sp.GetRequiredService<PostgresStoreDatabase>(),
            var provider => throw new InvalidOperationException($"The store provider '{provider}' is not available in this build."),
        });
        services.TryAddSingleton<CellStore>();
        services.TryAddSingleton<HealthMarkStore>();
        services.TryAddSingleton<TableVersionStore>();
        services.TryAddSingleton<AuditStore>();
        services.TryAddSingleton<ITableChangeListener>(sp => sp.GetRequiredService<IOptions<StoreOptions>>().Value.Provider switch
        {
            StoreProviders.Postgres => ActivatorUtilities.CreateInstance<PostgresTableListener>(sp),
            _ => new NoTableChangeListener(),
        });
        services.TryAddSingleton<ICellularStore, SqliteCellularStore>();
        return services;
    }
}
