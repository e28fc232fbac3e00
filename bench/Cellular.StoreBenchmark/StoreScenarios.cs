using System.Diagnostics;
using Cellular.ControlPlane.Store;
using Dapper;

namespace Cellular.StoreBenchmark;

/// <summary>
/// The scenarios, each through <see cref="IStoreDatabase"/> with the SQL the control plane runs
/// for it: a tenant's creation (placement read, insert, the cell's counters, version bump, audit
/// row, in one serialised write transaction), a tenant's read, the full routing table a publish
/// builds and the delta a router's long poll reads.
/// </summary>
internal static class StoreScenarios
{
    /// <summary>Seeds the store, then runs the store-level scenarios when they are asked for.</summary>
    public static async Task<IReadOnlyList<BenchResult>> RunOrSeedAsync(IStoreDatabase store, BenchSettings settings, Action<string> log)
    {
        if (settings.Store)
        {
            return await RunAsync(store, settings, log);
        }

        await store.InitializeAsync(CancellationToken.None);
        var seed = Stopwatch.StartNew();
        await SeedAsync(store, settings);
        log($"{store.Provider}: seeded {settings.Tenants:N0} tenants in {seed.Elapsed.TotalSeconds:0.0} s");
        return [];
    }

    private static async Task<IReadOnlyList<BenchResult>> RunAsync(IStoreDatabase store, BenchSettings settings, Action<string> log)
    {
        var provider = store.Provider;
        var results = new List<BenchResult>();
        await store.InitializeAsync(CancellationToken.None);
        var seed = Stopwatch.StartNew();
        await SeedAsync(store, settings);
        log($"{provider}: seeded {settings.Tenants:N0} tenants in {seed.Elapsed.TotalSeconds:0.0} s");
        results.Add(new(provider, $"seed {settings.Tenants:N0} tenants (one statement, triggers on)", $"{seed.Elapsed.TotalSeconds:0.0} s"));

        var created = 0;
        string NextId() => $"new-{Interlocked.Increment(ref created):D7}";

        var createLatency = await Measure.SequentialAsync(settings.Ops, () => CreateTenantAsync(store, NextId()));
        results.Add(new(provider, "tenant create, one client: p50 / p99", createLatency));
        var createRate = await Measure.ThroughputAsync(settings.Ops, settings.Concurrency, () => CreateTenantAsync(store, NextId()));
        results.Add(new(provider, $"tenant create, {settings.Concurrency} clients", createRate));
        log($"{provider}: create {createLatency}; {createRate}");

        var random = new Random(42);
        string RandomId() => $"tenant-{random.Next(settings.Tenants):D7}";
        var readLatency = await Measure.SequentialAsync(settings.Ops, () => ReadTenantAsync(store, RandomId()));
        results.Add(new(provider, "tenant read, one client: p50 / p99", readLatency));
        var readRate = await Measure.ThroughputAsync(settings.Ops * 5, settings.Concurrency, () => ReadTenantAsync(store, $"tenant-{Random.Shared.Next(settings.Tenants):D7}"));
        results.Add(new(provider, $"tenant read, {settings.Concurrency} clients", readRate));
        log($"{provider}: read {readLatency}; {readRate}");

        var full = new List<double>();
        var rows = 0;
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            rows = await ReadTableAsync(store);
            full.Add(watch.Elapsed.TotalMilliseconds);
        }

        results.Add(new(provider, $"routing table read for a publish ({rows:N0} tenants): median of 3", $"{Measure.Median(full):N0} ms"));
        log($"{provider}: full table {Measure.Median(full):N0} ms");

        var head = await store.ReadAsync(tx => tx.Connection.ExecuteScalarAsync<long>("SELECT version FROM table_version WHERE id = 1;", transaction: tx.Transaction), CancellationToken.None);
        var delta = new List<double>();
        var changed = 0;
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            changed = await ReadDeltaAsync(store, head - 100);
            delta.Add(watch.Elapsed.TotalMilliseconds);
        }

        results.Add(new(provider, $"routing table delta ({changed} changed tenants of {rows:N0}): median of 20", $"{Measure.Median(delta):N1} ms"));
        log($"{provider}: delta {Measure.Median(delta):N1} ms");
        return results;
    }

    private static async Task SeedAsync(IStoreDatabase store, BenchSettings settings)
    {
        var generate = store.Provider == StoreProviders.Postgres
            ? """
              INSERT INTO cells (id, region, zone, stage, capacity, endpoint, state, provider, labels, version, created_at, updated_at)
              SELECT 'cell-' || lpad(i::text, 3, '0'), 'eu', 'eu-1', 'prod', 1000000000, 'http://cell-' || i, 'Active', 'static', '{}', '1', @now, @now
              FROM generate_series(0, @cells - 1) i;
              INSERT INTO tenants (id, cell, weight, pinned, epoch, created_at, updated_at)
              SELECT 'tenant-' || lpad(i::text, 7, '0'), 'cell-' || lpad((i % @cells)::text, 3, '0'), 1, 0, 1, @now, @now
              FROM generate_series(0, @tenants - 1) i;
              """
            : """
              WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < @cells - 1)
              INSERT INTO cells (id, region, zone, stage, capacity, endpoint, state, provider, labels, version, created_at, updated_at)
              SELECT printf('cell-%03d', i), 'eu', 'eu-1', 'prod', 1000000000, 'http://cell-' || i, 'Active', 'static', '{}', '1', @now, @now FROM s;
              WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < @tenants - 1)
              INSERT INTO tenants (id, cell, weight, pinned, epoch, created_at, updated_at)
              SELECT printf('tenant-%07d', i), printf('cell-%03d', i % @cells), 1, 0, 1, @now, @now FROM s;
              """;
        await store.WriteAsync(
            async tx =>
            {
                await tx.Connection.ExecuteAsync(generate, new { cells = settings.Cells, tenants = settings.Tenants, now = tx.NowText }, tx.Transaction, commandTimeout: 600);
                await tx.Connection.ExecuteAsync(
                    "UPDATE cells SET tenants = (SELECT COUNT(*) FROM tenants t WHERE t.cell = cells.id), load = (SELECT COALESCE(SUM(weight), 0) FROM tenants t WHERE t.cell = cells.id);",
                    transaction: tx.Transaction,
                    commandTimeout: 600);
                return 0;
            },
            CancellationToken.None);
        if (store.Provider == StoreProviders.Postgres)
        {
            await store.WriteAsync(tx => tx.Connection.ExecuteAsync("ANALYZE;", transaction: tx.Transaction, commandTimeout: 600), CancellationToken.None);
        }
    }

    private static Task CreateTenantAsync(IStoreDatabase store, string id) =>
        store.WriteAsync(
            async tx =>
            {
                var c = tx.Connection;
                if (await c.QuerySingleOrDefaultAsync<string>("SELECT cell FROM tenants WHERE id = @id;", new { id }, tx.Transaction) is not null)
                {
                    throw new InvalidOperationException($"{id} exists");
                }

                // Placement: the least utilised Active cell with room.
                var cells = await c.QueryAsync<(string Id, long Capacity, long Load)>(
                    "SELECT id, capacity, load FROM cells WHERE state = 'Active' ORDER BY id;", transaction: tx.Transaction);
                var cell = cells.OrderBy(x => (double)x.Load / x.Capacity).First().Id;
                await c.ExecuteAsync(
                    "INSERT INTO tenants (id, cell, weight, pinned, epoch, created_at, updated_at) VALUES (@id, @cell, 1, 0, 1, @now, @now);",
                    new { id, cell, now = tx.NowText },
                    tx.Transaction);
                await c.ExecuteAsync("UPDATE cells SET tenants = tenants + 1, load = load + 1 WHERE id = @cell;", new { cell }, tx.Transaction);
                await c.ExecuteScalarAsync<long>("UPDATE table_version SET version = version + 1, changed_at = @now WHERE id = 1 RETURNING version;", new { now = tx.NowText }, tx.Transaction);
                await c.ExecuteAsync(
                    "INSERT INTO audit (at, actor, action, target, detail) VALUES (@now, 'bench', 'tenant.create', @target, @detail);",
                    new { now = tx.NowText, target = $"tenant/{id}", detail = $$"""{"id":"{{id}}","cell":"{{cell}}","weight":1}""" },
                    tx.Transaction);
                return 0;
            },
            CancellationToken.None);

    private static Task ReadTenantAsync(IStoreDatabase store, string id) =>
        store.ReadAsync(
            tx => tx.Connection.QuerySingleOrDefaultAsync<(string Id, string Cell, long Weight, long Pinned, long Epoch, string CreatedAt, string UpdatedAt)>(
                "SELECT id, cell, weight, pinned, epoch, created_at, updated_at FROM tenants WHERE id = @id;",
                new { id },
                tx.Transaction),
            CancellationToken.None);

    private static Task<int> ReadTableAsync(IStoreDatabase store) =>
        store.ReadAsync(
            async tx =>
            {
                await tx.Connection.QuerySingleAsync<(long, string)>("SELECT version, changed_at FROM table_version WHERE id = 1;", transaction: tx.Transaction);
                await tx.Connection.QueryAsync("SELECT * FROM cells WHERE state <> 'Retired' ORDER BY id;", transaction: tx.Transaction);
                var count = 0;
                using var reader = await tx.Connection.ExecuteReaderAsync("SELECT id, cell, weight, pinned, epoch FROM tenants ORDER BY id;", transaction: tx.Transaction);
                while (await reader.ReadAsync())
                {
                    _ = reader.GetString(0);
                    _ = reader.GetString(1);
                    _ = reader.GetInt64(2);
                    _ = reader.GetInt64(3);
                    _ = reader.GetInt64(4);
                    count++;
                }

                return count;
            },
            CancellationToken.None);

    private static Task<int> ReadDeltaAsync(IStoreDatabase store, long since) =>
        store.ReadAsync(
            async tx =>
            {
                await tx.Connection.QuerySingleAsync<(long, string, long)>(
                    "SELECT version, changed_at, (SELECT version FROM change_horizon WHERE id = 1) FROM table_version WHERE id = 1;", transaction: tx.Transaction);
                var rows = (await tx.Connection.QueryAsync<(string Id, string? Cell, long? Weight, long? Pinned, long? Epoch)>(
                    """
                    SELECT ch.tenant, t.cell, t.weight, t.pinned, t.epoch
                    FROM tenant_changes ch LEFT JOIN tenants t ON t.id = ch.tenant
                    WHERE ch.version >= @since ORDER BY ch.tenant LIMIT @limit;
                    """,
                    new { since, limit = 10001 },
                    tx.Transaction)).AsList();
                await tx.Connection.QueryAsync("SELECT * FROM cells WHERE state <> 'Retired' ORDER BY id;", transaction: tx.Transaction);
                return rows.Count;
            },
            CancellationToken.None);
}
