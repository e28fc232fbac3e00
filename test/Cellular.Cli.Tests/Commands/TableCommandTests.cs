using System.Text.Json;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Model;
using Cellular.Core.Routing;

namespace Cellular.Cli.Tests.Commands;

public sealed class TableCommandTests : IAsyncLifetime
{
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeControlPlane.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Show_Snapshot_PrintsVersionFallbackCellsAndCounts()
    {
        _fake.RespondJson("GET", "/api/v1/routing-table", 200, Snapshot());
        var cli = new CliHarness();

        var code = await cli.RunAsync("table", "show", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Contains("42", cli.Out, StringComparison.Ordinal);
        Assert.Contains("hashed-buckets (4 buckets over 2 cells)", cli.Out, StringComparison.Ordinal);
        Assert.Contains("Quarantined", cli.Out, StringComparison.Ordinal);
        Assert.Contains("3 (1 pinned)", cli.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("assignment", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_WithTenants_PrintsRuleOfEachTenant()
    {
        _fake.RespondJson("GET", "/api/v1/routing-table", 200, Snapshot());
        var cli = new CliHarness();

        var code = await cli.RunAsync("table", "show", "--tenants", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Contains("assignment", cli.Out, StringComparison.Ordinal);
        Assert.Contains("pin", cli.Out, StringComparison.Ordinal);
        Assert.Contains("globex", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Json_PrintsSnapshotInWireFormat()
    {
        _fake.RespondJson("GET", "/api/v1/routing-table", 200, Snapshot());
        var cli = new CliHarness();

        var code = await cli.RunAsync("table", "show", "--json", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(cli.Out);
        Assert.Equal(42, document.RootElement.GetProperty("version").GetInt64());
        Assert.Equal("hashed-buckets", document.RootElement.GetProperty("fallback").GetProperty("kind").GetString());
    }

    private static RoutingTableSnapshot Snapshot() =>
        new(
            RoutingTableSnapshot.CurrentFormat,
            42,
            Samples.Created,
            new FallbackSpec(FallbackKind.HashedBuckets, Buckets: ["c1", "c2", "c1", "c2"]),
            [new CellRouteSpec("c1", "http://127.0.0.1:5100", CellState.Active), new CellRouteSpec("c2", "http://127.0.0.1:5101", CellState.Quarantined)],
            [new TenantRouteSpec("acme", "c1", 1, false), new TenantRouteSpec("globex", "c2", 2, true), new TenantRouteSpec("initech", "c1", 1, false)]);
}
