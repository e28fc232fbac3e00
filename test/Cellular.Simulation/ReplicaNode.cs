using System.Globalization;

namespace Cellular.Simulation;

/// <summary>
/// A control-plane replica. Its scheduler scans the unfinished migrations, claims the lease of each
/// that no one holds (free or expired in database time), and runs it as a <see cref="WorkflowRun"/>
/// while a heartbeat extends the lease; a failed heartbeat cancels the run. A run that stops frees
/// its lease and the migration is resumed by whichever replica claims it next. The replica's owner
/// id changes with every start (host-pid-random in the control plane), and a crash loses every run,
/// timer and awaited call; a pause (GC, SIGSTOP) only delays them, heartbeat included.
/// </summary>
internal sealed class ReplicaNode
{
    private readonly SimWorld _world;
    private readonly Dictionary<string, WorkflowRun> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _resumeAt = new(StringComparer.Ordinal);
    private readonly StoreClient _store;
    private readonly CellClient _cells;

    public ReplicaNode(SimWorld world, string name)
    {
        _world = world;
        Node = new SimNode(name, NodeKind.Replica);
        _store = new StoreClient(Node, world.Database, world.Network, world.Settings);
        _cells = new CellClient(Node, world.Cells, world.Network, world.Settings);
    }

    public SimNode Node { get; }

    /// <summary>This incarnation's owner id in the leases table.</summary>
    public string Owner => Node.Name + "#" + Node.Incarnation.ToString(CultureInfo.InvariantCulture);

    /// <summary>True when this (live) replica is running <paramref name="migration"/> under <paramref name="token"/>.</summary>
    public bool Runs(string migration, string owner, long token) =>
        Node.Up && Owner == owner && _runs.TryGetValue(migration, out var run) && run.Guard.Token == token && !run.Stopped;

    /// <summary>Starts (or restarts, after a crash) the replica's scheduler loop.</summary>
    public void Start()
    {
        _runs.Clear();
        _resumeAt.Clear();
        _world.Spawn(ScanLoopAsync);
    }

    private async Task ScanLoopAsync()
    {
        while (true)
        {
            await ScanAsync();
            await _world.Delay.For(Node, _world.Settings.ScanMs);
        }
    }

    private async Task ScanAsync()
    {
        IReadOnlyList<UnfinishedMigration> unfinished;
        try
        {
            unfinished = await _store.Read("list unfinished migrations", db => db.Unfinished());
        }
        catch (CallTimeoutException)
        {
            return;
        }

        foreach (var (migration, lease) in unfinished)
        {
            var now = _world.Scheduler.Now;
            if (_runs.ContainsKey(migration.Id) || _resumeAt.GetValueOrDefault(migration.Id, now) > now
                || (lease is { Owner: not null } && lease.ExpiresAt > now))
            {
                continue;
            }

            var owner = Owner;
            long? token;
            try
            {
                token = await _store.Read($"claim {migration.Id} for {owner}", db => db.Claim(migration.Id, owner));
            }
            catch (CallTimeoutException)
            {
                continue;
            }

            if (token is { } claimed && !_runs.ContainsKey(migration.Id))
            {
                var run = new WorkflowRun(migration.Id, new LeaseGuard(migration.Id, owner, claimed), _store, _cells, _world.Delay, _world.Checkpoints, Node, _world.Scheduler, _world.Settings, _world.Protocol);
                _runs[migration.Id] = run;
                _world.Spawn(() => HeartbeatAsync(run));
                _world.Spawn(() => DriveAsync(run));
            }
        }
    }

    private async Task DriveAsync(WorkflowRun run)
    {
        try
        {
            await run.RunAsync();
        }
        catch (Exception e) when (e is LeaseLostException or OperationCanceledException or CallTimeoutException or StaleStepException or CellCallFailedException)
        {
            _world.Note(Node, $"run of {run.Id} (token {run.Guard.Token}) stopped: {e.GetType().Name}: {e.Message}");
            _resumeAt[run.Id] = _world.Scheduler.Now + _world.Settings.RetryDelayMs;
        }
        finally
        {
            run.Stopped = true;
            _runs.Remove(run.Id);
        }

        try
        {
            await _store.Read($"release {run.Id} (token {run.Guard.Token})", db => db.Release(run.Guard));
        }
        catch (CallTimeoutException)
        {
            // It expires instead.
        }
    }

    private async Task HeartbeatAsync(WorkflowRun run)
    {
        while (!run.Stopped)
        {
            await _world.Delay.For(Node, _world.Settings.HeartbeatMs);
            if (run.Stopped)
            {
                return;
            }

            bool held;
            try
            {
                held = await _store.Read($"heartbeat {run.Id} (token {run.Guard.Token})", db => db.Heartbeat(run.Guard));
            }
            catch (CallTimeoutException)
            {
                continue;
            }

            if (!held && !run.Stopped)
            {
                _world.Note(Node, $"lost the lease of {run.Id} (token {run.Guard.Token}); cancels the run");
                run.Scope.Cancel();
                return;
            }
        }
    }
}
