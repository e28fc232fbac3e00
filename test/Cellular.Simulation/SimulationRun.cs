namespace Cellular.Simulation;

/// <summary>
/// One deterministic run of one seed: draws the scenario, builds the world, runs it to
/// <see cref="SimulationSettings.EndMs"/> on the simulation thread and checks the invariants.
/// </summary>
/// <remarks>
/// <para><b>Modelled</b>, following the control plane, the cells and the routers:</para>
/// <list type="bullet">
/// <item>The migration workflow of <c>MigrationWorkflow*.cs</c> step by step (<see cref="WorkflowRun"/>):
/// Planned → Copying (fence target, watermark, export/import) → CatchingUp (change feed, lag bound) →
/// Verifying (quiet-point hash or watermark reached) → Cutover (fence source at the new epoch, final sync
/// to the fence position, hashes, budget) → Switched (one transaction: tenant, migration, version) →
/// Soak (activate target, moved on source, purge source) → Complete; rollback before the switch
/// (unfence source, purge target copy, end and burn the epoch), resume from the recorded step,
/// a run cancelled in the cutover rolling back, a failed call after the switch retried.</item>
/// <item>Leases as the replicas work builds them: one per workflow (owner, fencing token, expiry in database
/// time), claimed when free or expired with token+1, heartbeats, release; every store write of a
/// workflow checks owner, token and expiry in its transaction, else it is refused and the run stops;
/// a failed heartbeat cancels the run; at every crash-drill checkpoint the run reads its lease and stops when it
/// is lost (LeaseCheckpoint).</item>
/// <item>The cell's ownership rules: the real <c>TenantOwnershipRules</c> (Serving/Fenced/Moved, epochs never
/// go down, 421 for fenced, moved or stale-epoch requests), checked in the write's transaction; import and
/// apply only into a fenced tenant; apply newer-only; purge only when moved unless forced.</item>
/// <item>Routers: a cached table polled from the database, requests carrying the table's epoch, 421 →
/// hold until the table moves the tenant → one retry → else 503.</item>
/// <item>Faults: message delay and reordering, loss, duplication of (idempotent) cell-contract calls,
/// partitions (including from the database), crashes and restarts of replicas, cells and routers,
/// pauses of replicas past their lease.</item>
/// </list>
/// <para><b>Abstracted</b>: the database is one atomic, durable node (PostgreSQL's serialised,
/// advisory-locked write transactions); HTTP is a request and an answer with a timeout; a cell handles
/// a request atomically, so a fence's drain of in-flight writes is instantaneous (the in-transaction
/// ownership check is what makes that safe in the real cell); a tenant's data is a set of inserted rows;
/// the scheduler's per-cell slots, abort requests, reverses as such, deployments and experiments,
/// authentication and publishing (routers poll) are left out; time is whole milliseconds.</para>
/// </remarks>
internal sealed class SimulationRun(SimulationSettings settings, BreakMode breakMode, ProtocolVariant protocol)
{
    public RunResult Run(int seed, bool keepTrace)
    {
        var scenario = new ScenarioGenerator(settings).Generate(seed);
        var trace = new SimTrace(keepTrace);
        var world = new SimWorld(scenario, settings, breakMode, protocol, trace);
        if (trace.IsEnabled)
        {
            trace.Add(0, $"seed {seed}: {scenario.Replicas} replicas, {scenario.Cells} cells, {scenario.Routers} routers, {scenario.Tenants} tenants; network {scenario.Network}; protocol {protocol}, break {breakMode}");
            foreach (var fault in scenario.Faults)
            {
                trace.Add(0, "scheduled fault: " + fault);
            }
        }

        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(world.Scheduler.Context);
        try
        {
            new FaultInjector(world).Schedule(scenario);
            foreach (var replica in world.Replicas)
            {
                replica.Start();
            }

            foreach (var router in world.Routers)
            {
                router.Start();
            }

            world.Scheduler.RunUntil(settings.EndMs);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        var violations = InvariantChecker.Check(world);
        if (trace.IsEnabled)
        {
            foreach (var violation in violations)
            {
                trace.Add(world.Scheduler.Now, "VIOLATION " + violation);
            }
        }

        var migrations = world.Database.Migrations.CountBy(m => m.State).ToDictionary();
        return new RunResult(seed, violations, world.Scheduler.Events, world.Ledger.Acknowledged.Count, migrations, trace.Text);
    }
}
