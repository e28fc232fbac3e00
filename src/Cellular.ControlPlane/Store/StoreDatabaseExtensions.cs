namespace Cellular.ControlPlane.Store;

/// <summary>Shorthands over <see cref="IStoreDatabase"/> for work that returns nothing.</summary>
internal static class StoreDatabaseExtensions
{
    /// <summary>Runs <paramref name="work"/> in a write transaction (see <see cref="IStoreDatabase.WriteAsync{T}"/>).</summary>
    public static Task WriteAsync(this IStoreDatabase database, Func<StoreTransaction, Task> work, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                await work(tx);
                return true;
            },
            cancellationToken);
}
