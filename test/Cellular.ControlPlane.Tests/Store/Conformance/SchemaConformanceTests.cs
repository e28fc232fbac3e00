using System.Data.Common;
using Cellular.ControlPlane.Store;
using Dapper;

namespace Cellular.ControlPlane.Tests.Store.Conformance;

/// <summary>
/// What the per-aggregate stores rely on from the schema and the provider, through
/// <see cref="IStoreDatabase"/> and shared SQL only: the tenant change log the triggers keep,
/// the append-only audit log, version bumps, upserts, byte-order ids, the JSON filters, the
/// unique constraints, write guards and serialised writes.
/// </summary>
public abstract class SchemaConformanceTests : StoreConformanceTest
{
    private protected SchemaConformanceTests(IStoreFactory factory)
        : base(factory)
    {
    }

    [Fact]
    public async Task InitializeAsync_AgainOnTheSameStore_KeepsTheData()
    {
        await InsertCellAsync("c1");

        await Store.InitializeAsync(CancellationToken.None);

        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM cells;"));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT version FROM table_version WHERE id = 1;"));
    }

    [Fact]
    public async Task TenantTriggers_InsertUpdateDelete_StampTheVersionOfTheirTransaction()
    {
        await InsertCellAsync("c1");
        await InsertCellAsync("c2");
        await WriteAsync("INSERT INTO tenants (id, cell, weight, pinned, epoch, created_at, updated_at) VALUES ('t1', 'c1', 1, 0, 1, @now, @now);");
        var created = await ChangeAsync("t1");

        var bumped = await BumpAsync();
        await WriteAsync("UPDATE tenants SET updated_at = @now WHERE id = 't1';");
        var untracked = await ChangeAsync("t1");
        await WriteAsync("UPDATE tenants SET cell = 'c2', epoch = 2 WHERE id = 't1';");
        var moved = await ChangeAsync("t1");

        var bumpedAgain = await BumpAsync();
        await WriteAsync("DELETE FROM tenants WHERE id = 't1';");
        var deleted = await ChangeAsync("t1");

        Assert.Equal((1L, 0L), created);
        Assert.Equal((1L, 0L), untracked);
        Assert.Equal((bumped, 0L), moved);
        Assert.Equal((bumpedAgain, 1L), deleted);
        Assert.Equal(
            ["t1"],
            await ReadAsync(tx => tx.Connection.QueryAsync<string>("SELECT tenant FROM tenant_changes WHERE version >= @since ORDER BY tenant;", new { since = bumpedAgain }, tx.Transaction)));
    }

    [Fact]
    public async Task Audit_UpdateOrDelete_IsRefusedAndRolledBack()
    {
        await WriteAsync("INSERT INTO audit (at, actor, action, target, detail) VALUES (@now, 'admin', 'cell.create', 'cell/c1', NULL);");
        await WriteAsync("INSERT INTO audit (at, actor, action, target, detail) VALUES (@now, 'admin', 'cell.drain', 'cell/c1', '{}');");

        var update = await Assert.ThrowsAnyAsync<DbException>(() => WriteAsync("UPDATE audit SET actor = 'someone else';"));
        var delete = await Assert.ThrowsAnyAsync<DbException>(() => WriteAsync("DELETE FROM audit WHERE action = 'cell.drain';"));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        var rows = await ReadAsync(tx => tx.Connection.QueryAsync<(long Id, string Actor, string Action)>("SELECT id, actor, action FROM audit ORDER BY id;", transaction: tx.Transaction));
        Assert.Equal([("admin", "cell.create"), ("admin", "cell.drain")], rows.Select(r => (r.Actor, r.Action)));
        Assert.True(rows[0].Id < rows[1].Id, "audit ids grow");
    }

    [Fact]
    public async Task VersionBump_UpdateReturning_GivesTheNextVersionAndStampsTheTime()
    {
        var before = await ScalarAsync<long>("SELECT version FROM table_version WHERE id = 1;");
        Time.Advance(TimeSpan.FromMinutes(5));

        var bumped = await BumpAsync();

        Assert.Equal(before + 1, bumped);
        Assert.Equal(
            StoreTime.Format(Time.GetUtcNow()),
            await ScalarAsync<string>("SELECT changed_at FROM table_version WHERE id = 1;"));
    }

    [Fact]
    public async Task Upserts_OnConflict_UpdateOrKeepTheRow()
    {
        const string upsert = "INSERT INTO settings (name, value) VALUES (@name, @value) ON CONFLICT (name) DO UPDATE SET value = excluded.value;";
        const string keep = "INSERT INTO settings (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING;";

        await WriteAsync(upsert, new { name = "a", value = "1" });
        await WriteAsync(upsert, new { name = "a", value = "2" });
        await WriteAsync(keep, new { name = "a", value = "3" });
        await WriteAsync(keep, new { name = "b", value = "4" });

        Assert.Equal("2", await ScalarAsync<string>("SELECT value FROM settings WHERE name = 'a';"));
        Assert.Equal("4", await ScalarAsync<string>("SELECT value FROM settings WHERE name = 'b';"));
    }

    [Fact]
    public async Task Settings_NewStore_HasARandomStoreIdAndGenerationOne()
    {
        var other = await CreateStoreAsync();
        await other.InitializeAsync(CancellationToken.None);

        var id = await ScalarAsync<string>("SELECT value FROM settings WHERE name = 'store_id';");
        var otherId = await other.ReadAsync(tx => tx.Connection.ExecuteScalarAsync<string>("SELECT value FROM settings WHERE name = 'store_id';", transaction: tx.Transaction), CancellationToken.None);

        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.NotEqual(id, otherId);
        Assert.Equal("1", await ScalarAsync<string>("SELECT value FROM settings WHERE name = 'assertion_generation';"));
    }

    [Fact]
    public async Task Ids_OrderByAndKeysetPaging_FollowByteOrder()
    {
        string[] ids = ["b", "B", "a", "_x", "Z1", "é", "a-b", "a_b", "ab", "a b", "10", "9", "~"];
        foreach (var id in ids)
        {
            await InsertCellAsync(id);
        }

        var expected = ids.Order(StringComparer.Ordinal).ToList();
        var ordered = await ReadAsync(tx => tx.Connection.QueryAsync<string>("SELECT id FROM cells ORDER BY id;", transaction: tx.Transaction));
        var paged = new List<string>();
        var after = string.Empty;
        while (true)
        {
            var page = await ReadAsync(tx => tx.Connection.QueryAsync<string>("SELECT id FROM cells WHERE id > @after ORDER BY id LIMIT 4;", new { after }, tx.Transaction));
            if (page.Count == 0)
            {
                break;
            }

            paged.AddRange(page);
            after = page[^1];
        }

        Assert.Equal(expected, ordered);
        Assert.Equal(expected, paged);
    }

    [Fact]
    public async Task JsonArrayContains_StringsObjectsNestedAndMissingArrays_MatchLikeJsonEach()
    {
        await InsertExperimentAsync(1, """{"targets":["c1","c2"]}""");
        await InsertExperimentAsync(2, """{"targets":["c3"],"plan":{"cells":[{"cell":"c1"},{"cell":"c9"}]}}""");
        await InsertExperimentAsync(3, """{"targets":[]}""");
        await InsertExperimentAsync(4, """{"other":1}""");

        var targets = await SeqsAsync(Store.Dialect.JsonArrayContains("document", "targets", "cell"), "c1");
        var nested = await SeqsAsync(Store.Dialect.JsonArrayContains("document", "plan.cells", "cell", field: "cell"), "c1");
        var none = await SeqsAsync(Store.Dialect.JsonArrayContains("document", "targets", "cell"), "nowhere");
        var all = await SeqsAsync($"(@cell IS NULL OR {Store.Dialect.JsonArrayContains("document", "targets", "cell")})", null);

        Assert.Equal([1L], targets);
        Assert.Equal([2L], nested);
        Assert.Empty(none);
        Assert.Equal([1L, 2L, 3L, 4L], all);
    }

    [Fact]
    public async Task InList_ArrayParameter_MatchesAnyOfItsValues()
    {
        foreach (var id in new[] { "c1", "c2", "c3" })
        {
            await InsertCellAsync(id);
        }

        var some = await ReadAsync(tx => tx.Connection.QueryAsync<string>($"SELECT id FROM cells WHERE {tx.Dialect.InList("id", "ids")} ORDER BY id;", new { ids = new[] { "c3", "c1", "nowhere" } }, tx.Transaction));
        var none = await ReadAsync(tx => tx.Connection.QueryAsync<string>($"SELECT id FROM cells WHERE {tx.Dialect.InList("id", "ids")} ORDER BY id;", new { ids = Array.Empty<string>() }, tx.Transaction));

        Assert.Equal(["c1", "c3"], some);
        Assert.Empty(none);
    }

    [Fact]
    public async Task UniqueConstraints_TakenIdsNamesEndpointsAndUnfinishedMigrations_AreRefused()
    {
        await InsertCellAsync("c1", endpoint: "http://10.0.0.1");
        await WriteAsync("INSERT INTO migrations (seq, id, tenant, source, target, state, weight, document, created_at, updated_at) VALUES (1, 'mig-1', 't1', 'c1', 'c2', 'Planned', 1, '{}', @now, @now);");
        await WriteAsync(InsertApiKey, new { id = "k1", name = "ops" });

        await Assert.ThrowsAnyAsync<DbException>(() => InsertCellAsync("c1", endpoint: null));
        await Assert.ThrowsAnyAsync<DbException>(() => InsertCellAsync("c2", endpoint: "http://10.0.0.1"));
        await Assert.ThrowsAnyAsync<DbException>(() => WriteAsync("INSERT INTO migrations (seq, id, tenant, source, target, state, weight, document, created_at, updated_at) VALUES (2, 'mig-2', 't1', 'c1', 'c3', 'Copying', 1, '{}', @now, @now);"));
        await Assert.ThrowsAnyAsync<DbException>(() => WriteAsync(InsertApiKey, new { id = "k2", name = "ops" }));

        // A retired cell gives its endpoint back; a finished migration lets the tenant move again.
        await WriteAsync("UPDATE cells SET state = 'Retired' WHERE id = 'c1';");
        await InsertCellAsync("c2", endpoint: "http://10.0.0.1");
        await WriteAsync("UPDATE migrations SET state = 'Complete' WHERE id = 'mig-1';");
        await WriteAsync("INSERT INTO migrations (seq, id, tenant, source, target, state, weight, document, created_at, updated_at) VALUES (2, 'mig-2', 't1', 'c2', 'c1', 'Planned', 1, '{}', @now, @now);");
        Assert.Equal(2L, await ScalarAsync<long>("SELECT count(*) FROM migrations WHERE tenant = 't1';"));
    }

    [Fact]
    public async Task ForeignKeys_TenantInAMissingCell_IsRefused()
    {
        await Assert.ThrowsAnyAsync<DbException>(() => WriteAsync("INSERT INTO tenants (id, cell, weight, pinned, epoch, created_at, updated_at) VALUES ('t1', 'nowhere', 1, 0, 1, @now, @now);"));
    }

    [Fact]
    public async Task FlagsAndBlobs_RoundTripAsIntegersAndBytes()
    {
        await InsertCellAsync("c1");
        await WriteAsync("INSERT INTO tenants (id, cell, weight, pinned, epoch, created_at, updated_at) VALUES ('t1', 'c1', @weight, @pinned, @epoch, @now, @now);", new { weight = 3L, pinned = 1, epoch = long.MaxValue });
        await WriteAsync(InsertApiKey, new { id = "k1", name = "ops" });

        var (pinned, epoch) = await ReadAsync(tx => tx.Connection.QuerySingleAsync<(long, long)>("SELECT pinned, epoch FROM tenants WHERE id = 't1';", transaction: tx.Transaction));
        var hash = await ScalarAsync<byte[]>("SELECT secret_hash FROM api_keys WHERE id = 'k1';");

        Assert.Equal((1L, long.MaxValue), (pinned, epoch));
        Assert.Equal(new byte[] { 1, 2, 3, 255 }, hash);
    }

    [Fact]
    public async Task WriteAsync_GuardThrows_NothingIsWrittenAndReadsRunNoGuard()
    {
        var guard = new RefusingGuard();
        Guards.Add(guard);
        var store = await CreateStoreAsync();
        await store.InitializeAsync(CancellationToken.None);
        guard.Refuse = true;
        var calls = guard.Calls;

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteAsync(
            tx => tx.Connection.ExecuteAsync("INSERT INTO settings (name, value) VALUES ('x', '1');", transaction: tx.Transaction),
            CancellationToken.None));
        var count = await store.ReadAsync(tx => tx.Connection.ExecuteScalarAsync<long>("SELECT count(*) FROM settings WHERE name = 'x';", transaction: tx.Transaction), CancellationToken.None);

        Assert.Equal(0L, count);
        Assert.Equal(calls + 1, guard.Calls);
        Assert.True(guard.SawTransaction);
    }

    [Fact]
    public async Task WriteAsync_TwoAtOnce_TheSecondRunsAfterTheFirstCommits()
    {
        var firstInside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Store.WriteAsync(
            async tx =>
            {
                await tx.Connection.ExecuteAsync("INSERT INTO settings (name, value) VALUES ('order', 'first');", transaction: tx.Transaction);
                firstInside.SetResult();
                await releaseFirst.Task;
                return 0;
            },
            CancellationToken.None);
        await firstInside.Task;
        var secondSaw = new List<string?>();
        var second = Store.WriteAsync(
            async tx =>
            {
                secondSaw.Add(await tx.Connection.ExecuteScalarAsync<string?>("SELECT value FROM settings WHERE name = 'order';", transaction: tx.Transaction));
                return 0;
            },
            CancellationToken.None);

        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(second.IsCompleted, "the second writer waits for the first");
        releaseFirst.SetResult();
        await Task.WhenAll(first, second);

        Assert.Equal(["first"], secondSaw);
    }

    [Fact]
    public async Task ReadAsync_WriteCommittedMeanwhile_IsNotSeenInTheSameRead()
    {
        await InsertCellAsync("c1");

        var counts = await Store.ReadAsync(
            async tx =>
            {
                var before = await tx.Connection.ExecuteScalarAsync<long>("SELECT count(*) FROM cells;", transaction: tx.Transaction);
                await InsertCellAsync("c2");
                var after = await tx.Connection.ExecuteScalarAsync<long>("SELECT count(*) FROM cells;", transaction: tx.Transaction);
                return (before, after);
            },
            CancellationToken.None);

        Assert.Equal((1L, 1L), counts);
        Assert.Equal(2L, await ScalarAsync<long>("SELECT count(*) FROM cells;"));
    }

    private const string InsertApiKey = """
        INSERT INTO api_keys (id, name, role, secret_hash, created_at, created_by, expires_at, revoked_at, last_used_at)
        VALUES (@id, @name, 'Admin', @hash, @now, 'bootstrap', NULL, NULL, NULL);
        """;

    private protected Task WriteAsync(string sql, object? parameters = null) =>
        Store.WriteAsync(
            tx => tx.Connection.ExecuteAsync(sql, Merge(sql, parameters, tx.NowText), tx.Transaction),
            CancellationToken.None);

    private protected Task<T> ScalarAsync<T>(string sql) =>
        Store.ReadAsync(tx => tx.Connection.ExecuteScalarAsync<T>(sql, transaction: tx.Transaction), CancellationToken.None)!;

    private protected Task<List<T>> ReadAsync<T>(Func<StoreTransaction, Task<IEnumerable<T>>> query) =>
        Store.ReadAsync(async tx => (await query(tx)).ToList(), CancellationToken.None);

    private protected Task<T> ReadAsync<T>(Func<StoreTransaction, Task<T>> query) => Store.ReadAsync(query, CancellationToken.None);

    private protected Task InsertCellAsync(string id, string? endpoint = "") =>
        WriteAsync(
            """
            INSERT INTO cells (id, region, zone, stage, capacity, endpoint, state, provider, labels, version, created_at, updated_at)
            VALUES (@id, 'eu', 'eu-1', 'prod', 10, @endpoint, 'Active', 'static', '{}', '1', @now, @now);
            """,
            new { id, endpoint = endpoint == string.Empty ? $"http://{id}.test" : endpoint });

    private protected Task<long> BumpAsync() =>
        Store.WriteAsync(
            tx => tx.Connection.ExecuteScalarAsync<long>("UPDATE table_version SET version = version + 1, changed_at = @now WHERE id = 1 RETURNING version;", new { now = tx.NowText }, tx.Transaction),
            CancellationToken.None);

    private Task<(long Version, long Deleted)> ChangeAsync(string tenant) =>
        Store.ReadAsync(tx => tx.Connection.QuerySingleAsync<(long, long)>("SELECT version, deleted FROM tenant_changes WHERE tenant = @tenant;", new { tenant }, tx.Transaction), CancellationToken.None);

    private Task InsertExperimentAsync(long seq, string document) =>
        WriteAsync(
            "INSERT INTO experiments (seq, id, state, report_due_at, document, before_stats, during_stats, created_at, updated_at) VALUES (@seq, @id, 'Pending', NULL, @document, NULL, NULL, @now, @now);",
            new { seq, id = $"exp-{seq}", document });

    private Task<List<long>> SeqsAsync(string condition, string? cell) =>
        ReadAsync(tx => tx.Connection.QueryAsync<long>($"SELECT seq FROM experiments WHERE {condition} ORDER BY seq;", new { cell }, tx.Transaction));

    private static DynamicParameters Merge(string sql, object? parameters, string now)
    {
        var merged = new DynamicParameters(parameters);
        if (sql.Contains("@now", StringComparison.Ordinal))
        {
            merged.Add("now", now);
        }

        if (sql.Contains("@hash", StringComparison.Ordinal) && parameters?.GetType().GetProperty("hash") is null)
        {
            merged.Add("hash", new byte[] { 1, 2, 3, 255 });
        }

        return merged;
    }

    private sealed class RefusingGuard : IStoreWriteGuard
    {
        public bool Refuse { get; set; }

        public int Calls { get; private set; }

        public bool SawTransaction { get; private set; }

        public Task CheckAsync(StoreTransaction transaction, CancellationToken cancellationToken)
        {
            Calls++;
            SawTransaction = transaction.Transaction.Connection is not null;
            return Refuse ? throw new InvalidOperationException("lease lost") : Task.CompletedTask;
        }
    }
}
