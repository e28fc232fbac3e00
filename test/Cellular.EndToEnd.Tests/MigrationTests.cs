using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellular.Core;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.EndToEnd.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Cellular.EndToEnd.Tests;

/// <summary>
/// Live tenant migration with real processes: acknowledged writes survive every move exactly
/// once, clients see no errors, and stale routers cannot write to the old cell.
/// </summary>
public sealed class MigrationTests(ITestOutputHelper output)
{
    /// <summary>The checker's writers write as fast as they can; rate limits are another test's business.</summary>
    internal const string NoTenantRateLimit = "--Cellular:Router:TenantRateLimit:Enabled=false";

    private static readonly string[] QuickSoak = ["--Cellular:ControlPlane:Migrations:Soak=00:00:00.200"];
    private static readonly string[] RouterForChecker = [NoTenantRateLimit];

    [Fact]
    public async Task Checker_TwentyMovesBackAndForth_EveryAcknowledgedWriteOnTargetExactlyOnce()
    {
        await using var stack = await Stack.StartAsync(cells: 2, controlPlaneArguments: QuickSoak, routerArguments: RouterForChecker);
        var moving = (await stack.CreateTenantsAsync(1, "mover", cell: "c1")).Single();
        var stayers = (await stack.CreateTenantsAsync(1, "stay-a", cell: "c1")).Concat(await stack.CreateTenantsAsync(1, "stay-b", cell: "c2")).ToList();

        await using var writers = new NoteWriters(stack, moving.Id, writers: 3);
        var stayWriters = stayers.Select(t => new NoteWriters(stack, t.Id, writers: 1)).ToList();
        var windows = new List<long>();
        var to = "c2";
        for (var move = 0; move < 20; move++)
        {
            var done = await MoveAsync(stack, moving.Id, to);
            Assert.True(done.State == MigrationState.Complete, $"move {move} to {to} ended {done.State}: {done.Reason} {done.LastError}");
            Assert.True(done.Report.Cutover?.Rows > 0 || move == 0 || done.Report.RowsCopied >= 0);
            windows.Add(done.Report.Cutover?.FenceToPublishMs ?? -1);
            to = to == "c1" ? "c2" : "c1";
        }

        await writers.DisposeAsync();
        foreach (var w in stayWriters)
        {
            await w.DisposeAsync();
        }

        // No client request failed, mover or stayer.
        Assert.Empty(writers.Failures);
        Assert.All(stayWriters, w => Assert.Empty(w.Failures));
        Assert.True(writers.Acknowledged.Count > 20, $"only {writers.Acknowledged.Count} writes were made");

        // Every acknowledged write is on the owner exactly once; the other cell holds none of them.
        var owner = (await stack.Local.Client.GetTenantAsync(moving.Id)).Cell;
        var other = owner == "c1" ? "c2" : "c1";
        var onOwner = NoteTexts(stack.CellDatabase(owner), moving.Id);
        Assert.Equal(onOwner.Count, onOwner.Distinct().Count());
        Assert.Empty(writers.Acknowledged.Except(onOwner));
        Assert.Empty(NoteTexts(stack.CellDatabase(other), moving.Id));
        Assert.All(stayWriters, w => Assert.Empty(w.Acknowledged.Except(NoteTexts(stack.CellDatabase(stayers.Single(s => s.Id == w.Tenant).Cell), w.Tenant))));

        var sorted = windows.Where(w => w >= 0).Order().ToArray();
        output.WriteLine($"write-unavailable window (fence → table published) over {sorted.Length} moves: p50 {sorted[sorted.Length / 2]} ms, p90 {sorted[(int)(sorted.Length * 0.9)]} ms, max {sorted[^1]} ms; {writers.Acknowledged.Count} acknowledged writes");
    }

    [Fact]
    public async Task StaleRouter_PartitionedDuringMove_CannotWriteToOldCell()
    {
        await using var stack = await Stack.StartAsync(cells: 2, controlPlaneArguments: QuickSoak, routerArguments: RouterForChecker);
        var tenant = (await stack.CreateTenantsAsync(1, "stale", cell: "c1")).Single();
        await stack.Local.WaitReadyAsync();

        // A second router with today's table, cut off from the control plane.
        await using var stale = await StaleRouter.StartAsync(stack);
        using (var before = await stale.Client.SendAsync(Stack.ForTenant(HttpMethod.Post, "/notes", tenant.Id, new { text = "before the move" })))
        {
            Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        }

        var done = await MoveAsync(stack, tenant.Id, "c2");
        Assert.Equal(MigrationState.Complete, done.State);

        using var write = await stale.Client.SendAsync(Stack.ForTenant(HttpMethod.Post, "/notes", tenant.Id, new { text = "through a stale router" }));
        Assert.NotEqual(HttpStatusCode.Created, write.StatusCode);
        Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("through a stale router", NoteTexts(stack.CellDatabase("c1"), tenant.Id));
        Assert.DoesNotContain("through a stale router", NoteTexts(stack.CellDatabase("c2"), tenant.Id));
        Assert.Contains("before the move", NoteTexts(stack.CellDatabase("c2"), tenant.Id));
    }

    [Fact]
    public async Task Reverse_AfterSwitched_ReturnsTenantWithWritesMadeOnNewCell()
    {
        await using var stack = await Stack.StartAsync(cells: 2, controlPlaneArguments: ["--Cellular:ControlPlane:Migrations:Soak=00:05:00"], routerArguments: RouterForChecker);
        var tenant = (await stack.CreateTenantsAsync(1, "reverse", cell: "c1")).Single();
        using (await stack.WriteNoteAsync(tenant.Id, "written on c1"))
        {
        }

        var created = await CreateMigrationAsync(stack, tenant.Id, "c2");
        var soaking = await WaitForAsync(stack, created.Id, m => m.State == MigrationState.Soak, "the move to reach Soak");
        await stack.Local.WaitReadyAsync();
        using (var onNew = await stack.WriteNoteAsync(tenant.Id, "written on c2"))
        {
            Assert.Equal(HttpStatusCode.Created, onNew.StatusCode);
            Assert.Equal("c2", Assert.Single(onNew.Headers.GetValues(CellularHeaders.CellId)));
        }

        using var reverse = await stack.Api.PostAsync($"/api/v1/migrations/{soaking.Id}/reverse", null);
        Assert.Equal(HttpStatusCode.Created, reverse.StatusCode);
        var back = (await reverse.Content.ReadFromJsonAsync(CellularJsonContext.Default.Migration))!;
        Assert.Equal("c1", back.To);
        var returned = await WaitForAsync(stack, back.Id, m => m.State is MigrationState.Soak or MigrationState.Complete or MigrationState.Aborted or MigrationState.Failed, "the reverse move");
        Assert.True(returned.State is MigrationState.Soak or MigrationState.Complete, $"reverse ended {returned.State}: {returned.Reason}");
        await stack.Local.WaitReadyAsync();

        using var read = await stack.ReadNotesAsync(tenant.Id);
        Assert.Equal("c1", Assert.Single(read.Headers.GetValues(CellularHeaders.CellId)));
        var texts = (await read.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(n => n.GetProperty("text").GetString()).ToArray();
        Assert.Contains("written on c1", texts);
        Assert.Contains("written on c2", texts);
    }

    [Fact]
    public async Task Evacuate_CellOfTenTenants_LeavesItEmptyAndEveryTenantReadable()
    {
        await using var stack = await Stack.StartAsync(cells: 3, controlPlaneArguments: QuickSoak);
        var tenants = await stack.CreateTenantsAsync(10, "evac", cell: "c1");
        foreach (var tenant in tenants)
        {
            using var write = await stack.WriteNoteAsync(tenant.Id, $"{tenant.Id} data");
            Assert.Equal(HttpStatusCode.Created, write.StatusCode);
        }

        using var response = await stack.Api.PostAsync("/api/v1/cells/c1/evacuate", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var evacuation = (await response.Content.ReadFromJsonAsync(CellularJsonContext.Default.CellEvacuation))!;
        Assert.Equal(10, evacuation.Migrations.Count);
        foreach (var migration in evacuation.Migrations)
        {
            var done = await WaitForAsync(stack, migration.Id, m => m.State is MigrationState.Complete or MigrationState.Aborted or MigrationState.Failed, $"move of {migration.Tenant}", TimeSpan.FromSeconds(120));
            Assert.Equal(MigrationState.Complete, done.State);
        }

        await stack.Local.WaitReadyAsync();
        Assert.Equal(0, (await stack.Local.Client.GetCellAsync("c1")).Tenants);
        foreach (var tenant in tenants)
        {
            using var read = await stack.ReadNotesAsync(tenant.Id);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.NotEqual("c1", Assert.Single(read.Headers.GetValues(CellularHeaders.CellId)));
            var notes = await read.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal($"{tenant.Id} data", Assert.Single(notes.EnumerateArray()).GetProperty("text").GetString());
        }

        Assert.Empty(tenants.SelectMany(t => NoteTexts(stack.CellDatabase("c1"), t.Id)));
    }

    internal static async Task<Migration> MoveAsync(Stack stack, string tenant, string to)
    {
        var created = await CreateMigrationAsync(stack, tenant, to);
        var done = await WaitForAsync(stack, created.Id, m => m.State is MigrationState.Complete or MigrationState.Aborted or MigrationState.Failed, $"move of {tenant} to {to}");
        await stack.Local.WaitReadyAsync();
        return done;
    }

    internal static async Task<Migration> CreateMigrationAsync(Stack stack, string tenant, string to)
    {
        using var response = await stack.Api.PostAsJsonAsync("/api/v1/migrations", new CreateMigrationRequest(tenant, to), CellularJsonContext.Default.CreateMigrationRequest);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonSerializer.Deserialize(body, CellularJsonContext.Default.Migration)!;
    }

    internal static async Task<Migration> WaitForAsync(Stack stack, string id, Func<Migration, bool> condition, string what, TimeSpan? timeout = null)
    {
        Migration? current = null;
        await Stack.EventuallyAsync(
            async () => condition(current = (await stack.Api.GetFromJsonAsync($"/api/v1/migrations/{id}", CellularJsonContext.Default.Migration))!),
            timeout ?? TimeSpan.FromSeconds(60),
            what);
        return current!;
    }

    internal static List<string> NoteTexts(string database, string tenant)
    {
        if (!File.Exists(database))
        {
            return [];
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT text FROM notes WHERE tenant = $tenant AND deleted = 0";
        command.Parameters.AddWithValue("$tenant", tenant);
        using var reader = command.ExecuteReader();
        var texts = new List<string>();
        while (reader.Read())
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }
}
