namespace Cellular.Simulation;

/// <summary>
/// A router with its clients. It keeps a cached routing table, refreshed by polling the database
/// (a lost or late refresh only makes it staler), and sends each client write to the tenant's cell
/// with the table's epoch. On 421 it holds the request until its table moves the tenant (it asks
/// for a refresh at once), then retries once at the new owner; a second 421 or no move within the
/// hold time answers 503. A write is acknowledged to the client only when a cell accepted it. A
/// crash loses the cached table and every request in flight (their clients get no answer).
/// </summary>
internal sealed class RouterNode(SimWorld world, string name, IReadOnlyList<string> tenants)
{
    private readonly List<Hold> _holds = [];
    private RoutingTable? _table;

    public SimNode Node { get; } = new(name, NodeKind.Router);

    public void Start()
    {
        _table = null;
        _holds.Clear();
        world.Spawn(RefreshLoopAsync);
        foreach (var tenant in tenants)
        {
            world.Spawn(() => ClientLoopAsync(tenant));
        }
    }

    private async Task RefreshLoopAsync()
    {
        while (true)
        {
            await RefreshAsync();
            await world.Delay.For(Node, world.Settings.RouterRefreshMs);
        }
    }

    private async Task RefreshAsync()
    {
        RoutingTable table;
        try
        {
            table = await world.Network.Call(Node, world.Database.Node, "read routing table", world.Settings.StoreTimeoutMs, duplicable: false, scope: null, world.Database.Table);
        }
        catch (CallTimeoutException)
        {
            return;
        }

        if (_table is null || table.Version > _table.Version)
        {
            _table = table;
            foreach (var hold in _holds.ToList())
            {
                if (Moved(hold) is { } route && hold.Answer.TrySetResult(route))
                {
                    _holds.Remove(hold);
                }
            }
        }
    }

    private async Task ClientLoopAsync(string tenant)
    {
        var random = world.ClientRandom;
        while (world.Scheduler.Now < world.Settings.WritesUntilMs)
        {
            await world.Delay.For(Node, random.Next(30, 150));
            world.Spawn(() => WriteAsync(tenant));
        }
    }

    private async Task WriteAsync(string tenant)
    {
        if (_table is null || !_table.Routes.TryGetValue(tenant, out var route))
        {
            return;
        }

        var writeId = world.Ledger.NextWriteId();
        var answer = await SendAsync(tenant, route, writeId);
        if (answer is { Accepted: false })
        {
            var moved = await WaitForMove(new Hold(tenant, route, new SimOp<Route?>()));
            answer = moved is null ? null : await SendAsync(tenant, moved, writeId);
        }

        if (answer is { Accepted: true })
        {
            world.Ledger.Acknowledge(tenant, writeId);
        }
    }

    private async Task<WriteAnswer?> SendAsync(string tenant, Route route, long writeId)
    {
        var cell = world.Cells[route.Cell];
        try
        {
            return await world.Network.Call(Node, cell.Node, $"write {writeId} of {tenant} at epoch {route.Epoch}", world.Settings.RouterTimeoutMs, duplicable: false, scope: null, () => cell.Write(tenant, route.Epoch, writeId));
        }
        catch (CallTimeoutException)
        {
            return null;
        }
    }

    private SimOp<Route?> WaitForMove(Hold hold)
    {
        if (Moved(hold) is { } already)
        {
            hold.Answer.TrySetResult(already);
            return hold.Answer;
        }

        _holds.Add(hold);
        world.Spawn(RefreshAsync);
        world.Scheduler.After(world.Settings.HoldTimeoutMs, Node, () =>
        {
            if (hold.Answer.TrySetResult(null))
            {
                _holds.Remove(hold);
            }
        });
        return hold.Answer;
    }

    /// <summary>The tenant's new route when the table moved it off the cell and epoch the refused request used.</summary>
    private Route? Moved(Hold hold) =>
        _table is not null && _table.Routes.TryGetValue(hold.Tenant, out var now) && (now.Cell != hold.Used.Cell || now.Epoch > hold.Used.Epoch) ? now : null;

    private sealed record Hold(string Tenant, Route Used, SimOp<Route?> Answer);
}
