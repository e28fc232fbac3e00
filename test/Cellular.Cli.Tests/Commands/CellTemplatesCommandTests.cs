using System.Text.Json;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;

namespace Cellular.Cli.Tests.Commands;

public sealed class CellTemplatesCommandTests : IAsyncLifetime
{
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeControlPlane.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private string Api => _fake.Url.ToString();

    [Fact]
    public async Task Templates_ListsComponentsInOrderWithTheirTargets()
    {
        _fake.RespondJson("GET", "/api/v1/cell-templates", 200, new List<CellTemplateView>
        {
            new("notes", "The Notes sample through shell scripts", [new("app", ["create", "deploy", "verify", "destroy"], 120), new("smoke", ["verify"], 30)]),
        });
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", "templates", "--api", Api);

        Assert.Equal(0, code);
        Assert.Matches(@"│ notes +│ The Notes sample through shell scripts │ 1\. app \(create, deploy, verify, destroy; 2m each\) │", cli.Out);
        Assert.Contains("2. smoke (verify; 30s each)", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Templates_None_SaysWhereTheyComeFrom()
    {
        _fake.RespondJson("GET", "/api/v1/cell-templates", 200, new List<CellTemplateView>());
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", "templates", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("No cell templates.", cli.Out, StringComparison.Ordinal);
        Assert.Contains("Cellular:Command:Templates", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateCommandCell_SendsTemplateArtifactAndConfig()
    {
        using var temp = new TempDirectory();
        var program = temp.CreateFile("notes.tar.gz");
        _fake.RespondJson("POST", "/api/v1/cells", 201, Samples.Cell("n1", provider: "command"));
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", "create", "n1", "--provider", "command", "--template", "notes", "--artifact", program, "--config", "Notes:Greeting=hi", "--api", Api);

        Assert.Equal(0, code);
        using var body = JsonDocument.Parse(Assert.Single(_fake.Requests).Body);
        Assert.Equal("command", body.RootElement.GetProperty("provider").GetString());
        Assert.Equal("notes", body.RootElement.GetProperty("template").GetString());
        Assert.Equal(program, body.RootElement.GetProperty("artifact").GetString());
        Assert.Equal("hi", body.RootElement.GetProperty("config").GetProperty("Notes:Greeting").GetString());
    }

    [Fact]
    public async Task CreateProcessCell_WithTemplate_Rejected()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", "create", "c9", "--provider", "process", "--template", "notes", "--api", Api);

        Assert.Equal(1, code);
        Assert.Contains("--template only applies to --provider command, not process.", cli.Error, StringComparison.Ordinal);
    }
}
