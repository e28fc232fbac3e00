using System.Globalization;
using System.Net;
using Cellular.ControlPlane.Publishing;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Json;
using Cellular.Core.Model;
using Cellular.Core.Routing;
using Cellular.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Cellular.ControlPlane.Tests.Apis;

/// <summary>
/// <c>GET /api/v1/routing-table/delta</c> against the real control plane and its SQLite store.
/// Tenants are never deleted and never move through the API alone (moves are migrations, which
/// need real cells), so those changes are written to the store file the way the write paths
/// write them (the migration switch's statements; a plain delete): the change log is kept by
/// triggers, which is exactly what these tests check.
/// </summary>
public sealed class RoutingTableDeltaApiTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Quiet = new() { ["Cellular:ControlPlane:Health:Enabled"] = "false" };

    private readonly TempDirectory _root = new("cp-delta");
    private readonly List<FakeCell> _cells = [];
    private ControlPlaneApp _app = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        foreach (var cell in _cells)
        {
            await cell.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    [Fact]
    public async Task Delta_TenantCreated_UpsertsItWithCellEpochAndWeight()
    {
        var c1 = await StartAsync();
        var since = await _client.GetVersionAsync();

        await _client.CreateTenantAsync("""{"id":"acme","cell":"c1","weight":3}""");
        using var response = await DeltaAsync(since);

        var delta = await ReadDeltaAsync(response);
        var full = await _client.GetTableAsync();
        Assert.Equal((RoutingTableDelta.CurrentFormat, since, since + 1), (delta.Format, delta.BaseVersion, delta.Version));
        Assert.Equal(new TenantRouteSpec("acme", "c1", 1, Pinned: false, Weight: 3), Assert.Single(delta.Upserts));
        Assert.Empty(delta.Removals);
        Assert.Equal(new CellRouteSpec("c1", c1.Endpoint, CellState.Active), Assert.Single(delta.Cells));
        Assert.Equal(FallbackKind.Reject, delta.Fallback.Kind);
        Assert.Equal((full.Version, full.GeneratedAt), (delta.Version, delta.GeneratedAt));
        Assert.Equal($"\"{since + 1}\"", response.Headers.ETag?.Tag);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Delta_PinThenUnpin_EachUpsertCarriesThePinAndAnOlderBaseGetsOnlyTheLatestEntry()
    {
        await StartAsync();
        await _client.CreateTenantAsync("""{"id":"acme","cell":"c1"}""");
        await _client.CreateTenantAsync("""{"id":"globex","cell":"c1"}""");
        var beforePin = await _client.GetVersionAsync();

        await PostOkAsync("/api/v1/tenants/acme/pin");
        var pinned = await ReadDeltaAsync(beforePin);
        await PostOkAsync("/api/v1/tenants/acme/unpin");
        var unpinned = await ReadDeltaAsync(pinned.Version);
        var both = await ReadDeltaAsync(beforePin);

        Assert.Equal(new TenantRouteSpec("acme", "c1", 1, Pinned: true), Assert.Single(pinned.Upserts));
        Assert.Equal(new TenantRouteSpec("acme", "c1", 1, Pinned: false), Assert.Single(unpinned.Upserts));
        Assert.Equal((beforePin, beforePin + 2), (both.BaseVersion, both.Version));
        Assert.Equal(new TenantRouteSpec("acme", "c1", 1, Pinned: false), Assert.Single(both.Upserts));
    }

    [Fact]
    public async Task Delta_TenantMovedBySwitch_UpsertsItOnTheNewCellAtTheNewEpoch()
    {
        await StartAsync(cells: ["c1", "c2"]);
        await _client.CreateTenantAsync("""{"id":"acme","cell":"c1","weight":2}""");
        await _client.CreateTenantAsync("""{"id":"globex","cell":"c1"}""");
        var before = await _client.GetTableAsync();
        var since = before.Version;

        var version = await MoveAsync("acme", "c2");
        var delta = await ReadDeltaAsync(since);

        Assert.Equal((since, since + 1), (delta.BaseVersion, version));
        Assert.Equal(version, delta.Version);
        Assert.Equal(new TenantRouteSpec("acme", "c2", 2, Pinned: false, Weight: 2), Assert.Single(delta.Upserts));
        var table = RoutingTable.FromSnapshot(before).ApplyDelta(delta);
        Assert.Equal(("c2", 2L), (table.Cells[table.Lookup("acme").CellIndex].Id, table.Lookup("acme").Epoch));
        Assert.Equal("c1", table.Cells[table.Lookup("globex").CellIndex].Id);
    }

    [Fact]
    public async Task Delta_TenantDeleted_ListsItAsARemoval()
    {
        await StartAsync();
        await _client.CreateTenantAsync("""{"id":"acme","cell":"c1"}""");
        await _client.CreateTenantAsync("""{"id":"globex","cell":"c1"}""");
        var since = await _client.GetVersionAsync();
        var before = RoutingTable.FromSnapshot(await _client.GetTableAsync());

        await DeleteAsync("acme");
        var delta = await ReadDeltaAsync(since);

        Assert.Equal(["acme"], delta.Removals);
        Assert.Empty(delta.Upserts);
        var table = before.ApplyDelta(delta);
        Assert.Equal(RouteResult.NotFound, table.Lookup("acme"));
        Assert.Equal(RouteRule.Assignment, table.Lookup("globex").Rule);
        Assert.Equal(1, table.TenantCount);
    }

    [Fact]
    public async Task Delta_CellDrained_CarriesEveryCellAndTheNewFallbackWithoutTenants()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cellular:ControlPlane:Fallback:Kind"] = "hashed-buckets",
            ["Cellular:ControlPlane:Fallback:Buckets"] = "4",
        };
        var cells = await StartAsyncWith(settings, ["c1", "c2"]);
        await _client.CreateTenantAsync("""{"id":"acme","cell":"c1"}""");
        var since = await _client.GetVersionAsync();

        await PostOkAsync("/api/v1/cells/c2/drain");
        var delta = await ReadDeltaAsync(since);

        Assert.Equal(since + 1, delta.Version);
        Assert.Empty(delta.Upserts);
        Assert.Empty(delta.Removals);
        Assert.Equal(
            [new CellRouteSpec("c1", cells[0].Endpoint, CellState.Active), new CellRouteSpec("c2", cells[1].Endpoint, CellState.Draining)],
            delta.Cells);
        Assert.Equal(FallbackKind.HashedBuckets, delta.Fallback.Kind);
        Assert.Equal(["c1", "c1", "c1", "c1"], delta.Fallback.Buckets!);
        var full = await _client.GetTableAsync();
        Assert.Equal(full.Fallback.Buckets!, delta.Fallback.Buckets!);
    }

    [Fact]
    public async Task Delta_SinceCurrentVersion_ZeroWait_Returns304AtOnce()
    {
        await StartAsync();
        var version = await _client.GetVersionAsync();

        using var zeroWait = await _client.GetAsync($"/api/v1/routing-table/delta?since={version}&wait=0");
        using var noWait = await _client.GetAsync($"/api/v1/routing-table/delta?since={version}");

        Assert.Equal(HttpStatusCode.NotModified, zeroWait.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, noWait.StatusCode);
        Assert.Equal($"\"{version}\"", zeroWait.Headers.ETag?.Tag);
        Assert.Empty(await zeroWait.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Delta_LongPoll_ChangeWhileWaiting_WakesWithTheChange()
    {
        // The wait runs on a clock that never moves, so the poll can only end by a change; the clock
        // also says when the request has started waiting (it creates the wait's timer).
        var clock = new WaitWatchingClock(TimeSpan.FromSeconds(57));
        await StartAsync(time: clock);
        var since = await _client.GetVersionAsync();

        var poll = _client.GetAsync($"/api/v1/routing-table/delta?since={since}&wait=57");
        await clock.WaitStarted.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False(poll.IsCompleted);
        await _client.CreateTenantAsync("""{"id":"acme","cell":"c1"}""");
        using var response = await poll.WaitAsync(TimeSpan.FromSeconds(20));

        var delta = await ReadDeltaAsync(response);
        Assert.Equal((since, since + 1), (delta.BaseVersion, delta.Version));
        Assert.Equal("acme", Assert.Single(delta.Upserts).Id);
    }

    [Fact]
    public async Task Delta_LongPoll_SinceOlderVersion_Returns200AtOnce()
    {
        var clock = new WaitWatchingClock(TimeSpan.FromSeconds(57));
        await StartAsync(time: clock);
        var since = await _client.GetVersionAsync();
        await _client.CreateTenantAsync("""{"id":"acme","cell":"c1"}""");

        using var response = await _client.GetAsync($"/api/v1/routing-table/delta?since={since}&wait=57").WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("acme", Assert.Single((await ReadDeltaAsync(response)).Upserts).Id);
        Assert.False(clock.WaitStarted.Task.IsCompleted);
    }

    [Theory]
    [InlineData("", "since")]
    [InlineData("since=0", "since")]
    [InlineData("since=-1", "since")]
    [InlineData("since=abc", "since")]
    [InlineData("since=", "since")]
    [InlineData("since=1&since=2", "since")]
    [InlineData("wait=5", "since")]
    [InlineData("since=1&wait=61", "wait")]
    [InlineData("since=1&wait=-1", "wait")]
    [InlineData("since=1&wait=soon", "wait")]
    public async Task Delta_MissingOrInvalidSinceOrWait_Returns400NamingTheParameter(string query, string parameter)
    {
        await StartAsyncWith(null, []);

        using var response = await _client.GetAsync($"/api/v1/routing-table/delta?{query}");

        var detail = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains($"'{parameter}'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delta_SinceAheadOfThisStore_Returns410AtOnceInsteadOfWaiting()
    {
        await StartAsyncWith(Quiet, ["c1"]);
        var current = await _client.GetVersionAsync();

        using var ahead = await DeltaAsync(current + 100, wait: 30);

        var detail = await ahead.AssertProblemAsync(HttpStatusCode.Gone);
        Assert.Contains("another store", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delta_MoreTenantsChangedThanMaxDeltaTenants_Returns410()
    {
        await StartAsyncWith(new Dictionary<string, string?> { ["Cellular:ControlPlane:MaxDeltaTenants"] = "2" }, ["c1"]);
        var since = await _client.GetVersionAsync();
        await _client.CreateTenantAsync("""{"id":"t1","cell":"c1"}""");
        await _client.CreateTenantAsync("""{"id":"t2","cell":"c1"}""");
        await _client.CreateTenantAsync("""{"id":"t3","cell":"c1"}""");

        using var three = await DeltaAsync(since);
        using var threeWaiting = await DeltaAsync(since, wait: 30);
        var two = await ReadDeltaAsync(since + 1);

        var detail = await three.AssertProblemAsync(HttpStatusCode.Gone);
        Assert.Contains("/api/v1/routing-table", detail, StringComparison.Ordinal);
        await threeWaiting.AssertProblemAsync(HttpStatusCode.Gone);
        Assert.Equal(["t2", "t3"], two.Upserts.Select(t => t.Id));
    }

    [Fact]
    public async Task Delta_StoreUpgradedFromSchemaV3_OlderVersionsGet410AndLaterChangesAreDelta()
    {
        // A store written by a version-3 control plane: no change log, no triggers.
        var cell = await StartCellAsync("c1");
        await using (var v3 = new ControlPlaneApp(_root.Path, Quiet))
        {
            using var client = v3.Client();
            await client.CreateStaticCellAsync(cell);
            await client.CreateTenantAsync("""{"id":"old","cell":"c1"}""");
        }

        SqliteConnection.ClearAllPools();
        long upgradedAt;
        await using (var connection = await OpenStoreAsync())
        {
            await ExecuteAsync(
                connection,
                """
                DROP TRIGGER tenants_inserted;
                DROP TRIGGER tenants_updated;
                DROP TRIGGER tenants_deleted;
                DROP TABLE tenant_changes;
                DROP TABLE change_horizon;
                PRAGMA user_version = 3;
                """);

            // A change the old control plane made: logged nowhere.
            upgradedAt = await BumpAsync(connection, "UPDATE tenants SET pinned = 1 WHERE id = 'old';");
        }

        var table = await StartOnExistingStoreAsync();
        Assert.Equal(upgradedAt, table.Version);
        await using (var connection = await OpenStoreAsync())
        {
            Assert.Equal((long)Cellular.ControlPlane.Store.Sqlite.SqliteSchema.Version, await ScalarAsync(connection, "PRAGMA user_version;"));
            Assert.Equal(upgradedAt, await ScalarAsync(connection, "SELECT version FROM change_horizon WHERE id = 1;"));
        }

        using var beforeUpgrade = await DeltaAsync(upgradedAt - 1);
        using var first = await DeltaAsync(1, wait: 30);
        using var current = await DeltaAsync(upgradedAt);
        await _client.CreateTenantAsync("""{"id":"new","cell":"c1"}""");
        var delta = await ReadDeltaAsync(upgradedAt);

        await beforeUpgrade.AssertProblemAsync(HttpStatusCode.Gone);
        await first.AssertProblemAsync(HttpStatusCode.Gone);
        Assert.Equal(HttpStatusCode.NotModified, current.StatusCode);
        Assert.Equal(new TenantRouteSpec("new", "c1", 1, Pinned: false), Assert.Single(delta.Upserts));
        var applied = RoutingTable.FromSnapshot(table).ApplyDelta(delta);
        AssertSameRoutes(RoutingTable.FromSnapshot(await _client.GetTableAsync()), applied, ["old", "new", "other"], "after the upgrade");
        Assert.Equal(RouteRule.Pin, applied.Lookup("old").Rule);
    }

    /// <summary>
    /// Random mutations of every kind the table knows (tenants created, pinned, moved, re-weighed,
    /// deleted; cells created, drained, quarantined, activated, retired): after each burst, the
    /// first full table plus every delta routes exactly like the current full table.
    /// </summary>
    [Theory]
    [InlineData(1, "hashed-buckets")]
    [InlineData(2, "consistent-hash")]
    [InlineData(3, "reject")]
    public async Task Deltas_RandomMutations_FirstTablePlusDeltasRoutesLikeTheFullTable(int seed, string fallback)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cellular:ControlPlane:Fallback:Kind"] = fallback,
            ["Cellular:ControlPlane:Fallback:Buckets"] = "8",
            ["Cellular:ControlPlane:Fallback:VirtualNodes"] = "16",
        };
        await StartAsyncWith(settings, ["c1", "c2", "c3"]);
        var spare = new Queue<FakeCell>([await StartCellAsync("a1"), await StartCellAsync("c9"), await StartCellAsync("b5")]);
        string[] ids = ["t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "Acme", "acme", "a.b_c-d"];
        var keys = ids.Concat(Enumerable.Range(0, 24).Select(i => $"unknown-{i}")).ToArray();
        var random = new Random(seed);
        var table = RoutingTable.FromSnapshot(await _client.GetTableAsync());
        var log = new List<string>();

        for (var step = 0; step < 40; step++)
        {
            for (var burst = random.Next(1, 4); burst > 0; burst--)
            {
                log.Add(await MutateAsync(random, ids, spare));
            }

            var full = await _client.GetTableAsync();
            using var response = await DeltaAsync(table.Version);
            var context = $"seed {seed}, step {step}: {string.Join("; ", log.TakeLast(6))}";
            if (full.Version == table.Version)
            {
                Assert.True(response.StatusCode == HttpStatusCode.NotModified, context);
                continue;
            }

            var delta = await ReadDeltaAsync(response);
            Assert.True((table.Version, full.Version) == (delta.BaseVersion, delta.Version), context);
            table = table.ApplyDelta(delta);
            AssertSameRoutes(RoutingTable.FromSnapshot(full), table, keys, context);
        }

        Assert.True(log.Count(l => !l.StartsWith("skip", StringComparison.Ordinal)) > 40, string.Join("\n", log));
    }

    private static void AssertSameRoutes(RoutingTable expected, RoutingTable actual, IEnumerable<string> keys, string context)
    {
        Assert.True(expected.Version == actual.Version, $"version {actual.Version}, expected {expected.Version}; {context}");
        Assert.True(expected.GeneratedAt == actual.GeneratedAt, $"generatedAt; {context}");
        Assert.True(expected.TenantCount == actual.TenantCount, $"tenant count {actual.TenantCount}, expected {expected.TenantCount}; {context}");
        Assert.True(
            expected.Cells.Select(c => (c.Id, c.Endpoint, c.State)).SequenceEqual(actual.Cells.Select(c => (c.Id, c.Endpoint, c.State))),
            $"cells [{string.Join(", ", actual.Cells)}], expected [{string.Join(", ", expected.Cells)}]; {context}");
        var (fallback, actualFallback) = (expected.Fallback.ToSpec(expected.Cells), actual.Fallback.ToSpec(actual.Cells));
        Assert.True(
            fallback.Kind == actualFallback.Kind
                && fallback.VirtualNodes == actualFallback.VirtualNodes
                && (fallback.Buckets ?? []).SequenceEqual(actualFallback.Buckets ?? []),
            $"fallback {actualFallback.Kind} [{string.Join(",", actualFallback.Buckets ?? [])}], expected {fallback.Kind} [{string.Join(",", fallback.Buckets ?? [])}]; {context}");
        foreach (var key in keys)
        {
            Assert.True(
                Describe(expected, key) == Describe(actual, key),
                $"'{key}' routes {Describe(actual, key)}, expected {Describe(expected, key)}; {context}");
        }

        var tenants = expected.ToSnapshot().Tenants.OrderBy(t => t.Id, StringComparer.Ordinal);
        var actualTenants = actual.ToSnapshot().Tenants.OrderBy(t => t.Id, StringComparer.Ordinal);
        Assert.True(tenants.SequenceEqual(actualTenants), $"tenants [{string.Join(", ", actualTenants)}], expected [{string.Join(", ", tenants)}]; {context}");
    }

    private static string Describe(RoutingTable table, string key)
    {
        var route = table.Lookup(key);
        var cell = route.CellIndex >= 0 ? table.Cells[route.CellIndex].Id : "-";
        return string.Create(CultureInfo.InvariantCulture, $"{route.Rule} {cell} epoch {route.Epoch} weight {table.GetTenantWeight(key)}");
    }

    /// <summary>One random change, chosen among those the current table allows; says what it did.</summary>
    private async Task<string> MutateAsync(Random random, string[] ids, Queue<FakeCell> spare)
    {
        var table = await _client.GetTableAsync();
        var tenants = table.Tenants;
        var cells = table.Cells;
        var active = cells.Where(c => c.State == CellState.Active).Select(c => c.Id).ToList();
        var serving = cells.Where(c => c.State.IsServing()).Select(c => c.Id).ToList();
        var roll = random.Next(100);
        if (active.Count == 0 && (tenants.Count == 0 || roll < 30))
        {
            // Nothing would take a new tenant: give a cell back.
            var cell = cells[random.Next(cells.Count)];
            await PostOkAsync($"/api/v1/cells/{cell.Id}/activate");
            return $"activate {cell.Id}";
        }

        if (roll < 25 || tenants.Count == 0)
        {
            var free = ids.Where(id => tenants.All(t => t.Id != id)).ToList();
            if (free.Count == 0 || active.Count == 0)
            {
                return "skip create";
            }

            var id = free[random.Next(free.Count)];
            var cell = random.Next(2) == 0 ? null : active[random.Next(active.Count)];
            var weight = random.Next(1, 5);
            var json = cell is null ? $$"""{"id":"{{id}}","weight":{{weight}}}""" : $$"""{"id":"{{id}}","cell":"{{cell}}","weight":{{weight}}}""";
            var created = await _client.CreateTenantAsync(json);
            return $"create {id} in {created.Cell} weight {weight}";
        }

        var tenant = tenants[random.Next(tenants.Count)];
        if (roll < 40)
        {
            var action = tenant.Pinned ? "unpin" : "pin";
            await PostOkAsync($"/api/v1/tenants/{tenant.Id}/{action}");
            return $"{action} {tenant.Id}";
        }

        if (roll < 55)
        {
            var targets = serving.Where(c => c != tenant.Cell).ToList();
            if (targets.Count == 0)
            {
                return "skip move";
            }

            var to = targets[random.Next(targets.Count)];
            await MoveAsync(tenant.Id, to);
            return $"move {tenant.Id} {tenant.Cell} → {to}";
        }

        if (roll < 63)
        {
            int[] weights = [1, 2, 7];
            var weight = weights[random.Next(weights.Length)];
            await BumpAsync(
                $"""
                UPDATE cells SET load = load - {tenant.Weight} + {weight} WHERE id = '{tenant.Cell}';
                UPDATE tenants SET weight = {weight} WHERE id = '{tenant.Id}';
                """);
            return $"weigh {tenant.Id} {tenant.Weight} → {weight}";
        }

        if (roll < 73)
        {
            await DeleteAsync(tenant.Id);
            return $"delete {tenant.Id}";
        }

        if (roll < 90)
        {
            var cell = cells[random.Next(cells.Count)];
            string[] actions = ["drain", "activate", "quarantine"];
            var action = actions[random.Next(actions.Length)];
            using var response = await _client.PostAsync(new Uri($"/api/v1/cells/{cell.Id}/{action}", UriKind.Relative), null);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
            return $"{action} {cell.Id}: {(int)response.StatusCode}";
        }

        if (roll < 95 && spare.Count > 0)
        {
            var cell = spare.Dequeue();
            await _client.CreateStaticCellAsync(cell);
            return $"create cell {cell.Id}";
        }

        var empty = cells.Where(c => tenants.All(t => t.Cell != c.Id)).ToList();
        if (empty.Count == 0 || cells.Count <= 2)
        {
            return "skip retire";
        }

        var retired = empty[random.Next(empty.Count)];
        await PostOkAsync($"/api/v1/cells/{retired.Id}/retire");
        return $"retire {retired.Id}";
    }

    /// <summary>Starts the control plane with static cells <paramref name="cells"/> (default <c>c1</c>); returns the first cell.</summary>
    private async Task<FakeCell> StartAsync(string[]? cells = null, TimeProvider? time = null)
    {
        return (await StartAsyncWith(null, cells ?? ["c1"], time))[0];
    }

    private async Task<List<FakeCell>> StartAsyncWith(IReadOnlyDictionary<string, string?>? settings, string[] cells, TimeProvider? time = null)
    {
        var values = new Dictionary<string, string?>(Quiet);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        _app = new ControlPlaneApp(_root.Path, values, time);
        _client = _app.Client();
        var started = new List<FakeCell>();
        foreach (var id in cells)
        {
            var cell = await StartCellAsync(id);
            await _client.CreateStaticCellAsync(cell);
            started.Add(cell);
        }

        return started;
    }

    private async Task<RoutingTableSnapshot> StartOnExistingStoreAsync()
    {
        _app = new ControlPlaneApp(_root.Path, Quiet);
        _client = _app.Client();
        return await _client.GetTableAsync();
    }

    private async Task<FakeCell> StartCellAsync(string id)
    {
        var cell = await FakeCell.StartAsync(id);
        _cells.Add(cell);
        return cell;
    }

    private Task<HttpResponseMessage> DeltaAsync(long since, int wait = 0) =>
        _client.GetAsync(new Uri($"/api/v1/routing-table/delta?since={since}&wait={wait}", UriKind.Relative));

    private async Task<RoutingTableDelta> ReadDeltaAsync(long since)
    {
        using var response = await DeltaAsync(since);
        return await ReadDeltaAsync(response);
    }

    private static async Task<RoutingTableDelta> ReadDeltaAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.ReadAsync(CellularJsonContext.Default.RoutingTableDelta);
    }

    private async Task PostOkAsync(string path)
    {
        using var response = await _client.PostAsync(new Uri(path, UriKind.Relative), null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Moves a tenant with the statements of the migration switch (a new epoch), in one transaction that bumps the version.</summary>
    private Task<long> MoveAsync(string tenant, string to) =>
        BumpAsync(
            $"""
            UPDATE cells SET tenants = tenants - 1, load = load - (SELECT weight FROM tenants WHERE id = '{tenant}')
                WHERE id = (SELECT cell FROM tenants WHERE id = '{tenant}');
            UPDATE cells SET tenants = tenants + 1, load = load + (SELECT weight FROM tenants WHERE id = '{tenant}') WHERE id = '{to}';
            UPDATE tenants SET cell = '{to}', epoch = epoch + 1 WHERE id = '{tenant}';
            """);

    /// <summary>Deletes a tenant (no API does yet), in one transaction that bumps the version.</summary>
    private Task<long> DeleteAsync(string tenant) =>
        BumpAsync(
            $"""
            UPDATE cells SET tenants = tenants - 1, load = load - (SELECT weight FROM tenants WHERE id = '{tenant}')
                WHERE id = (SELECT cell FROM tenants WHERE id = '{tenant}');
            DELETE FROM tenants WHERE id = '{tenant}';
            """);

    /// <summary>Runs <paramref name="sql"/> in the running control plane's store, bumps the version in the same transaction and announces it.</summary>
    private async Task<long> BumpAsync(string sql)
    {
        long version;
        await using (var connection = await OpenStoreAsync())
        {
            version = await BumpAsync(connection, sql);
        }

        _app.Services.GetRequiredService<RoutingTablePublisher>().Committed(version);
        return version;
    }

    private static async Task<long> BumpAsync(SqliteConnection connection, string sql)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, sql, transaction);
        await using var bump = connection.CreateCommand();
        bump.Transaction = transaction;
        bump.CommandText = "UPDATE table_version SET version = version + 1, changed_at = @now WHERE id = 1 RETURNING version;";
        bump.Parameters.AddWithValue("@now", StoreTime.Format(TimeProvider.System.GetUtcNow()));
        var version = (long)(await bump.ExecuteScalarAsync())!;
        await transaction.CommitAsync();
        return version;
    }

    private async Task<SqliteConnection> OpenStoreAsync()
    {
        var file = Path.Combine(_root.Path, "control-plane", "cellular.db");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync();
        await ExecuteAsync(connection, "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;");
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A clock that stands still and completes <see cref="WaitStarted"/> when a timer of <paramref name="wait"/> is created: a long poll began waiting.</summary>
    private sealed class WaitWatchingClock(TimeSpan wait) : FakeTimeProvider(TimeProvider.System.GetUtcNow())
    {
        public TaskCompletionSource WaitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (dueTime == wait)
            {
                WaitStarted.TrySetResult();
            }

            return timer;
        }
    }
}
