using System.Text.Json;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;

namespace Cellular.Cli.Tests.Commands;

public sealed class TenantsCommandTests : IAsyncLifetime
{
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeControlPlane.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task List_PartialPage_PrintsRowsAndNextHint()
    {
        _fake.RespondJson("GET", "/api/v1/tenants", 200, new Page<TenantView>([Samples.Tenant("acme"), Samples.Tenant("globex", "c2", pinned: true)], "globex", 5));
        var cli = new CliHarness();

        var code = await cli.RunAsync("tenants", "list", "--limit", "2", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Equal("?limit=2", Assert.Single(_fake.Requests).Query);
        Assert.Contains("acme", cli.Out, StringComparison.Ordinal);
        Assert.Contains("pinned", cli.Out, StringComparison.Ordinal);
        Assert.Contains("2 of 5 tenants; next page: --after globex", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_AllAsJson_PrintsOnePageWithEveryTenant()
    {
        _fake.RespondJson("GET", "/api/v1/tenants", 200, new Page<TenantView>([Samples.Tenant("acme")], null, 1));
        var cli = new CliHarness();

        var code = await cli.RunAsync("tenants", "list", "--all", "--json", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(cli.Out);
        Assert.Equal("acme", document.RootElement.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.Equal(1, document.RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Create_WithPlacementOptions_SendsThemAndSaysWhere()
    {
        _fake.RespondJson("POST", "/api/v1/tenants", 201, Samples.Tenant("acme", "c3"));
        var cli = new CliHarness();

        var code = await cli.RunAsync("tenants", "create", "acme", "--cell", "c3", "--weight", "5", "--region", "eu", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        using var body = JsonDocument.Parse(Assert.Single(_fake.Requests).Body);
        Assert.Equal("c3", body.RootElement.GetProperty("cell").GetString());
        Assert.Equal(5, body.RootElement.GetProperty("weight").GetInt32());
        Assert.Equal("eu", body.RootElement.GetProperty("region").GetString());
        Assert.Contains("Created tenant acme in cell c3.", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NoRoom_PrintsProblem()
    {
        _fake.RespondProblem("POST", "/api/v1/tenants", 409, "No cell has room", "No Active cell can take weight 5.");
        var cli = new CliHarness();

        var code = await cli.RunAsync("tenants", "create", "acme", "--weight", "5", "--api", _fake.Url.ToString());

        Assert.Equal(1, code);
        Assert.Contains("No cell has room", cli.Error, StringComparison.Ordinal);
        Assert.Contains("No Active cell can take weight 5.", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownTenant_PrintsNotFound()
    {
        _fake.RespondProblem("GET", "/api/v1/tenants/nobody", 404, "Tenant not found", "There is no tenant 'nobody'.");
        var cli = new CliHarness();

        var code = await cli.RunAsync("tenants", "show", "nobody", "--api", _fake.Url.ToString());

        Assert.Equal(1, code);
        Assert.Contains("Tenant not found (HTTP 404)", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Tenant_PrintsDetails()
    {
        _fake.RespondJson("GET", "/api/v1/tenants/acme", 200, Samples.Tenant("acme", "c2", pinned: true, epoch: 3));
        var cli = new CliHarness();

        var code = await cli.RunAsync("tenants", "show", "acme", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Contains("c2", cli.Out, StringComparison.Ordinal);
        Assert.Contains("routed by rule pin", cli.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pin", "Tenant acme is pinned to cell c1.")]
    [InlineData("unpin", "Tenant acme is no longer pinned; it stays in cell c1.")]
    public async Task Pinning_Accepted_PostsAndConfirms(string action, string expected)
    {
        _fake.RespondJson("POST", $"/api/v1/tenants/acme/{action}", 200, Samples.Tenant("acme", pinned: action == "pin"));
        var cli = new CliHarness();

        var code = await cli.RunAsync("tenants", action, "acme", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Contains(expected, cli.Out, StringComparison.Ordinal);
    }
}
