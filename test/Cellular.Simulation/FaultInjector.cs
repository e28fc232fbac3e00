namespace Cellular.Simulation;

/// <summary>
/// Puts a scenario's operator moves and faults on the run's timeline, and at
/// <see cref="SimulationSettings.FaultsUntilMs"/> heals the network and restarts every node that
/// is down, so the rest of the run shows whether the system recovers.
/// </summary>
internal sealed class FaultInjector(SimWorld world)
{
    public void Schedule(Scenario scenario)
    {
        var scheduler = world.Scheduler;
        foreach (var move in scenario.Moves)
        {
            scheduler.At(move.AtMs, null, () =>
            {
                var planned = world.Database.Plan(move.Tenant, move.To);
                Trace(planned is null ? $"operator: move of {move.Tenant} to {move.To} refused (moving, or already there)" : $"operator: planned {planned.Id}: {planned.Tenant} {planned.From} → {planned.To} at epoch {planned.Epoch}");
            });
        }

        foreach (var fault in scenario.Faults.Where(f => f.Checkpoint is null))
        {
            scheduler.At(fault.AtMs, null, () => Inject(fault));
        }

        scheduler.At(world.Settings.FaultsUntilMs, null, HealAll);
    }

    private void Inject(Fault fault)
    {
        Trace("fault: " + fault);
        var nodes = world.Nodes.Where(n => fault.Nodes.Contains(n.Name)).ToList();
        switch (fault.Kind)
        {
            case FaultKind.Crash:
                foreach (var node in nodes.Where(n => n.Up))
                {
                    node.Crash();
                    world.Scheduler.After(fault.ForMs, null, () => world.Restart(node));
                }

                break;
            case FaultKind.Pause:
                foreach (var node in nodes)
                {
                    node.PausedUntil = Math.Max(node.PausedUntil, world.Scheduler.Now + fault.ForMs);
                }

                break;
            case FaultKind.Partition:
                var partition = world.Network.Isolate(nodes);
                world.Scheduler.After(fault.ForMs, null, () => world.Network.Heal(partition));
                break;
        }
    }

    private void HealAll()
    {
        Trace("faults end: the network heals and every node runs");
        world.Network.HealAll();
        foreach (var node in world.Nodes)
        {
            world.Restart(node);
        }
    }

    private void Trace(string line)
    {
        if (world.Scheduler.Trace.IsEnabled)
        {
            world.Scheduler.Trace.Add(world.Scheduler.Now, line);
        }
    }
}
