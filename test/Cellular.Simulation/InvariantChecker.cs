namespace Cellular.Simulation;

/// <summary>Checks the invariants on the state a run ended in (and collects those checked while it ran).</summary>
internal static class InvariantChecker
{
    public static IReadOnlyList<Violation> Check(SimWorld world)
    {
        var now = world.Scheduler.Now;
        var violations = new List<Violation>(world.ModelErrors);
        violations.AddRange(world.Ledger.Violations);

        // (a) Every acknowledged write is in the owning cell exactly once; nothing is there twice.
        foreach (var tenant in world.Tenants)
        {
            var owner = world.Database.Tenant(tenant)!.Cell;
            var counts = world.Cells[owner].Tenant(tenant).Rows.Values.CountBy(r => r.WriteId).ToDictionary();
            var lost = world.Ledger.Acknowledged.Where(a => a.Value == tenant && !counts.ContainsKey(a.Key)).Select(a => a.Key).Order().ToList();
            if (lost.Count > 0)
            {
                violations.Add(new Violation(
                    Invariant.AcknowledgedWrites,
                    $"{lost.Count} acknowledged writes of tenant {tenant} are not in its owner {owner}: {string.Join(", ", lost.Take(10))}{(lost.Count > 10 ? ", …" : string.Empty)}.",
                    now));
            }

            var twice = counts.Where(c => c.Value > 1).Select(c => c.Key).Order().ToList();
            if (twice.Count > 0)
            {
                violations.Add(new Violation(
                    Invariant.AcknowledgedWrites,
                    $"{twice.Count} writes of tenant {tenant} are in its owner {owner} more than once: {string.Join(", ", twice.Take(10))}.",
                    now));
            }
        }

        // (c) Every workflow ended, or a live replica holds its unexpired lease and runs it.
        foreach (var migration in world.Database.Migrations.Where(m => !m.State.IsTerminal()))
        {
            var lease = world.Database.Lease(migration.Id);
            var owned = lease is { Owner: { } holder } && lease.ExpiresAt > now
                && world.Replicas.Any(r => r.Runs(migration.Id, holder, lease.Token));
            if (!owned)
            {
                violations.Add(new Violation(
                    Invariant.WorkflowEndsOrOwned,
                    $"migration {migration.Id} ({migration.Tenant} {migration.From} → {migration.To}) is {migration.State} and no live replica drives it (lease: {lease?.Owner ?? "free"}, token {lease?.Token}, expires at {lease?.ExpiresAt}).",
                    now));
            }
        }

        return violations;
    }
}
