using System.Text.Json;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;

namespace Cellular.Cli.Tests.Commands;

public sealed class FreezeCommandTests : IAsyncLifetime
{
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeControlPlane.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private string Api => _fake.Url.ToString();

    [Fact]
    public async Task Freeze_NoSubcommand_ShowsTheStatus()
    {
        _fake.RespondJson("GET", "/api/v1/deployments/freeze", 200, new DeploymentFreeze(false, null, Samples.Created, "admin"));
        var cli = new CliHarness();

        var code = await cli.RunAsync("freeze", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("Deployments not frozen: waves start as planned. (since 2025-06-01 11:00:00Z by admin)", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FreezeOn_WithReason_PostsItAndSaysHowToRelease()
    {
        _fake.RespondJson("POST", "/api/v1/deployments/freeze", 200, new DeploymentFreeze(true, "release train", Samples.Now, "admin"));
        var cli = new CliHarness();

        var code = await cli.RunAsync("freeze", "on", "--reason", "release train", "--api", Api);

        Assert.Equal(0, code);
        using var body = JsonDocument.Parse(Assert.Single(_fake.Requests).Body);
        Assert.Equal("release train", body.RootElement.GetProperty("reason").GetString());
        Assert.Contains("Deployments frozen: no deployment starts a new wave. (since 2025-06-01 12:00:00Z by admin)", cli.Out, StringComparison.Ordinal);
        Assert.Contains("Reason: release train", cli.Out, StringComparison.Ordinal);
        Assert.Contains("Release it with cellctl freeze off", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FreezeOn_WithoutReason_PostsNoBody()
    {
        _fake.RespondJson("POST", "/api/v1/deployments/freeze", 200, new DeploymentFreeze(true, null, Samples.Now, "admin"));
        var cli = new CliHarness();

        var code = await cli.RunAsync("freeze", "on", "--api", Api);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, Assert.Single(_fake.Requests).Body);
    }

    [Fact]
    public async Task FreezeOff_Deletes()
    {
        _fake.RespondJson("DELETE", "/api/v1/deployments/freeze", 200, new DeploymentFreeze(false, null, Samples.Now, "admin"));
        var cli = new CliHarness();

        var code = await cli.RunAsync("freeze", "off", "--json", "--api", Api);

        Assert.Equal(0, code);
        Assert.Single(_fake.RequestsTo("DELETE", "/api/v1/deployments/freeze"));
        using var document = JsonDocument.Parse(cli.Out);
        Assert.False(document.RootElement.GetProperty("engaged").GetBoolean());
    }

    [Fact]
    public async Task FreezeOn_ReadOnlyKey_Refused()
    {
        _fake.AddKey("cel_readonly", "viewer", ApiRole.ReadOnly);
        var cli = new CliHarness(new Dictionary<string, string> { ["CELLULAR_TOKEN"] = "cel_readonly" });

        var code = await cli.RunAsync("freeze", "on", "--api", Api);

        Assert.Equal(1, code);
        Assert.Contains("403", cli.Error, StringComparison.Ordinal);
    }
}
