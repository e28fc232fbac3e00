using Cellular.Core.Api;

namespace Cellular.Simulation;

/// <summary>
/// A replica's connection to the database. Reads are not fenced; a workflow's writes carry its
/// <see cref="LeaseGuard"/>. A refused lease fence becomes <see cref="LeaseLostException"/>; no
/// answer in time stays a <see cref="CallTimeoutException"/> (the write may or may not have committed).
/// </summary>
internal sealed class StoreClient(SimNode replica, SimDatabase database, SimNetwork network, SimulationSettings settings)
{
    public SimOp<T> Read<T>(string what, Func<SimDatabase, T> read) =>
        network.Call(replica, database.Node, what, settings.StoreTimeoutMs, duplicable: false, scope: null, () => read(database));

    public async Task<T> WriteAsync<T>(string what, Func<SimDatabase, T> write)
    {
        try
        {
            return await network.Call(replica, database.Node, what, settings.StoreTimeoutMs, duplicable: false, scope: null, () => write(database));
        }
        catch (RemoteRefusalException e) when (e.Code == RefusalCode.LeaseLost)
        {
            throw new LeaseLostException(e.Message);
        }
    }

    public Task<MigrationRow?> UpdateAsync(LeaseGuard guard, string id, IReadOnlyCollection<MigrationState> from, string what, Func<MigrationRow, MigrationRow> change) =>
        WriteAsync($"{what} {id} (token {guard.Token})", db => db.Update(guard, id, from, change));
}
