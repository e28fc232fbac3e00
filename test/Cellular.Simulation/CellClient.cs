namespace Cellular.Simulation;

/// <summary>
/// A replica's client of the cell contract (CellTenantClient): every call has a timeout, may be
/// sent twice by the network (the calls are idempotent), and fails with
/// <see cref="CellCallFailedException"/> when refused or unanswered. Calls given the run's
/// <see cref="CancellationScope"/> end when it is cancelled. None of them carries the lease's
/// fencing token as built (the cells ignore the <see cref="MoveDriver"/> then): cells cannot tell a
/// current driver from a stale one, only epochs protect them.
/// </summary>
internal sealed class CellClient(SimNode replica, IReadOnlyDictionary<string, CellNode> cells, SimNetwork network, SimulationSettings settings)
{
    public Task<FenceResult> FenceAsync(string cell, string tenant, MoveDriver driver, CancellationScope? scope, long? timeoutMs = null) =>
        CallAsync(cell, $"fence {tenant} at {driver.Epoch} (token {driver.Token})", scope, c => c.Fence(tenant, driver.Epoch, driver), timeoutMs);

    public Task<CellView> UnfenceAsync(string cell, string tenant, MoveDriver driver, CancellationScope? scope) =>
        CallAsync(cell, $"unfence {tenant} (token {driver.Token})", scope, c => c.Unfence(tenant, driver));

    public Task<CellView> ActivateAsync(string cell, string tenant, MoveDriver driver, CancellationScope? scope) =>
        CallAsync(cell, $"activate {tenant} at {driver.Epoch} (token {driver.Token})", scope, c => c.Activate(tenant, driver.Epoch, driver));

    public Task<CellView> MovedAsync(string cell, string tenant, string to, MoveDriver driver, CancellationScope? scope) =>
        CallAsync(cell, $"moved {tenant} to {to} at {driver.Epoch} (token {driver.Token})", scope, c => c.Moved(tenant, to, driver.Epoch, driver));

    public Task<CellView> GetAsync(string cell, string tenant, CancellationScope? scope) =>
        CallAsync(cell, $"get {tenant}", scope, c => c.View(tenant));

    public Task<Snapshot> ExportAsync(string cell, string tenant, CancellationScope? scope) =>
        CallAsync(cell, $"export {tenant}", scope, c => c.Export(tenant));

    public Task<CellView> ImportAsync(string cell, string tenant, Snapshot snapshot, MoveDriver driver, CancellationScope? scope) =>
        CallAsync(cell, $"import {tenant} ({snapshot}, token {driver.Token})", scope, c => c.Import(tenant, snapshot, driver));

    public Task<ChangePage> ChangesAsync(string cell, string tenant, long after, CancellationScope? scope, long? timeoutMs = null) =>
        CallAsync(cell, $"changes of {tenant} after {after}", scope, c => c.Changes(tenant, after, settings.ChangePageSize), timeoutMs);

    public Task<CellView> ApplyAsync(string cell, string tenant, ChangePage page, MoveDriver driver, CancellationScope? scope, long? timeoutMs = null) =>
        CallAsync(cell, $"apply to {tenant} ({page}, token {driver.Token})", scope, c => c.Apply(tenant, page, driver), timeoutMs);

    public Task<DataHash> HashAsync(string cell, string tenant, CancellationScope? scope, long? timeoutMs = null) =>
        CallAsync(cell, $"hash {tenant}", scope, c => c.Hash(tenant), timeoutMs);

    public Task<bool> PurgeAsync(string cell, string tenant, bool force, MoveDriver driver, CancellationScope? scope) =>
        CallAsync(cell, $"purge {tenant}{(force ? " force" : string.Empty)} (token {driver.Token})", scope, c => c.Purge(tenant, force, driver));

    private async Task<T> CallAsync<T>(string cell, string what, CancellationScope? scope, Func<CellNode, T> handle, long? timeoutMs = null)
    {
        var target = cells[cell];
        try
        {
            return await network.Call(replica, target.Node, what, timeoutMs ?? settings.CellTimeoutMs, duplicable: true, scope, () => handle(target));
        }
        catch (RemoteRefusalException e)
        {
            throw new CellCallFailedException($"{cell}: {what} refused: {e.Message}", e);
        }
        catch (CallTimeoutException e)
        {
            throw new CellCallFailedException($"{cell}: {what} unanswered", e);
        }
    }
}
