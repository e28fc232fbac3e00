using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Testing;

namespace Cellular.ControlPlane.Tests.Apis;

public sealed class AuditApiTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new("cp-audit");
    private ControlPlaneApp _app = null!;
    private FakeCell _cell = null!;

    public async Task InitializeAsync()
    {
        _app = new ControlPlaneApp(_root.Path);
        _cell = await FakeCell.StartAsync("c1");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _cell.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task Audit_AfterMutations_ListsThemNewestFirstWithActor()
    {
        using var alice = _app.Client("alice");
        using var admin = _app.Client();
        await alice.CreateStaticCellAsync(_cell);
        await alice.CreateTenantAsync("""{"id":"acme","weight":3}""");
        (await admin.PostAsync("/api/v1/tenants/acme/pin", null)).Dispose();

        var entries = NotAuth((await admin.GetFromJsonAsync("/api/v1/audit", CellularJsonContext.Default.PageAuditEntry))!.Items);

        Assert.Equal(
            [("tenant.pin", "tenant/acme", "admin"), ("tenant.create", "tenant/acme", "alice"), ("cell.ready", "cell/c1", "alice"), ("cell.create", "cell/c1", "alice")],
            entries!.Select(e => (e.Action, e.Target, e.Actor)));
        Assert.True(entries.Zip(entries.Skip(1)).All(p => p.First.Id > p.Second.Id && p.First.At >= p.Second.At));
        Assert.Equal("c1", entries[0].Detail!.Value.GetProperty("cell").GetString());
        Assert.Equal(3, entries[1].Detail!.Value.GetProperty("weight").GetInt32());
        Assert.Equal("Active", entries[2].Detail!.Value.GetProperty("to").GetString());
    }

    [Fact]
    public async Task Audit_Limit_ReturnsOnlyTheNewest()
    {
        using var client = _app.Client();
        await client.CreateStaticCellAsync(_cell);

        var entries = (await client.GetFromJsonAsync("/api/v1/audit?limit=1", CellularJsonContext.Default.PageAuditEntry))!.Items;

        Assert.Equal("cell.ready", Assert.Single(entries!).Action);
    }

    [Fact]
    public async Task Audit_FailedCreation_RecordsCreateAndItsUndoing()
    {
        using var client = _app.Client("bob");
        using var failed = await client.PostJsonAsync("/api/v1/cells", $$"""{"id":"c9","endpoint":"http://127.0.0.1:{{FreePort.Next()}}"}""");
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);

        var entries = NotAuth((await client.GetFromJsonAsync("/api/v1/audit", CellularJsonContext.Default.PageAuditEntry))!.Items);

        Assert.Equal(["cell.create-failed", "cell.create"], entries!.Select(e => e.Action));
        Assert.Contains("/_cell/health", entries[0].Detail!.Value.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The entries that are not about keys (each test's keys are made through the API, audited too).</summary>
    private static List<AuditEntry> NotAuth(IEnumerable<AuditEntry> entries) =>
        entries.Where(e => !e.Action.StartsWith("auth.", StringComparison.Ordinal)).ToList();
}
