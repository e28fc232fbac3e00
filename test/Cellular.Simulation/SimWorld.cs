using System.Globalization;

namespace Cellular.Simulation;

/// <summary>
/// Everything of one run: the clock and event queue, the network, the database, the cells, the
/// routers with their clients, the control-plane replicas and the write ledger. All randomness
/// comes from <see cref="System.Random"/> instances seeded from the run's seed.
/// </summary>
internal sealed class SimWorld
{
    private readonly List<Violation> _modelErrors = [];

    public SimWorld(Scenario scenario, SimulationSettings settings, BreakMode breakMode, ProtocolVariant protocol, SimTrace trace)
    {
        Settings = settings;
        Protocol = protocol;
        Scheduler = new SimScheduler(trace);
        Network = new SimNetwork(Scheduler, new Random(scenario.NetworkSeed), scenario.Network);
        ClientRandom = new Random(scenario.ClientSeed);
        Delay = new SimDelay(Scheduler);
        Database = new SimDatabase(Scheduler, settings, breakMode);
        Ledger = new WriteLedger();
        var rules = new CellRules(breakMode);
        var cells = new Dictionary<string, CellNode>(StringComparer.Ordinal);
        for (var i = 0; i < scenario.Cells; i++)
        {
            var cell = new CellNode("c" + i.ToString(CultureInfo.InvariantCulture), i, rules, protocol, Ledger, Scheduler);
            cells[cell.Name] = cell;
        }

        Cells = cells;
        Tenants = [.. Enumerable.Range(0, scenario.Tenants).Select(i => "t" + i.ToString(CultureInfo.InvariantCulture))];
        for (var i = 0; i < Tenants.Count; i++)
        {
            var home = "c" + (i % scenario.Cells).ToString(CultureInfo.InvariantCulture);
            cells[home].Place(Tenants[i]);
            Database.AddTenant(new TenantRow(Tenants[i], home, 0));
        }

        Checkpoints = new CheckpointDrill(this, [.. scenario.Faults.Where(f => f.Checkpoint is not null)]);
        Replicas = [.. Enumerable.Range(0, scenario.Replicas).Select(i => new ReplicaNode(this, "r" + i.ToString(CultureInfo.InvariantCulture)))];
        Routers = [.. Enumerable.Range(0, scenario.Routers).Select(i => new RouterNode(this, "x" + i.ToString(CultureInfo.InvariantCulture), Tenants))];
    }

    public SimulationSettings Settings { get; }

    public ProtocolVariant Protocol { get; }

    public SimScheduler Scheduler { get; }

    public SimNetwork Network { get; }

    public Random ClientRandom { get; }

    public SimDelay Delay { get; }

    public SimDatabase Database { get; }

    public WriteLedger Ledger { get; }

    public IReadOnlyDictionary<string, CellNode> Cells { get; }

    public IReadOnlyList<string> Tenants { get; }

    public IReadOnlyList<ReplicaNode> Replicas { get; }

    public CheckpointDrill Checkpoints { get; }

    public IReadOnlyList<RouterNode> Routers { get; }

    public IReadOnlyList<Violation> ModelErrors => _modelErrors;

    public IEnumerable<SimNode> Nodes =>
        Replicas.Select(r => r.Node).Concat(Cells.Values.Select(c => c.Node)).Concat(Routers.Select(r => r.Node)).Append(Database.Node);

    /// <summary>Restarts <paramref name="node"/> when it is down: a new incarnation, with its loops started again.</summary>
    public void Restart(SimNode node)
    {
        if (node.Up)
        {
            return;
        }

        node.Restart();
        Note(node, "restarts");
        Replicas.FirstOrDefault(r => r.Node == node)?.Start();
        Routers.FirstOrDefault(r => r.Node == node)?.Start();
    }

    /// <summary>Starts async work of the simulation; an exception the model does not expect is recorded as a model error.</summary>
    public void Spawn(Func<Task> work) => _ = GuardAsync(work);

    public void Note(SimNode node, string line)
    {
        if (Scheduler.Trace.IsEnabled)
        {
            Scheduler.Trace.Add(Scheduler.Now, $"{node}: {line}");
        }
    }

    private async Task GuardAsync(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception e)
        {
            if (_modelErrors.Count < 5)
            {
                _modelErrors.Add(new Violation(Invariant.Model, e.ToString(), Scheduler.Now));
            }
        }
    }
}
