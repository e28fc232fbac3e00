using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.Cli.Tests.Commands;

public sealed class StatusCommandTests : IAsyncLifetime
{
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeControlPlane.StartAsync();
        _fake.RespondJson("GET", "/api/v1/health", 200, Samples.ControlPlaneHealth(tableVersion: 9));
        _fake.RespondJson("GET", "/api/v1/cells", 200, new List<CellView> { Samples.Cell("c1", tenants: 2, load: 2), Samples.Cell("c2", CellState.Unhealthy) });
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Status_RouterCurrent_SaysCurrent()
    {
        _fake.RespondJson("GET", "/_router/health", 200, Samples.RouterHealth(tableVersion: 9));
        var cli = new CliHarness();

        var code = await cli.RunAsync("status", "--api", _fake.Url.ToString(), "--router", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Contains("Control plane", cli.Out, StringComparison.Ordinal);
        Assert.Contains("Healthy", cli.Out, StringComparison.Ordinal);
        Assert.Contains("Unhealthy", cli.Out, StringComparison.Ordinal);
        Assert.Contains("2/1000 (0%)", cli.Out, StringComparison.Ordinal);
        Assert.Contains("current (table v9)", cli.Out, StringComparison.Ordinal);
        Assert.Contains("up since 2025-06-01 11:00:00Z (60m ago)", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_RouterBehind_SaysBehindWithBothVersions()
    {
        _fake.RespondJson("GET", "/_router/health", 200, Samples.RouterHealth(tableVersion: 7));
        var cli = new CliHarness();

        var code = await cli.RunAsync("status", "--api", _fake.Url.ToString(), "--router", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Contains("behind: serves table v7, the control plane is at v9", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_RouterStaleAnswering503_SaysStale()
    {
        _fake.RespondJson("GET", "/_router/health", 503, Samples.RouterHealth(tableVersion: 9, stale: true));
        var cli = new CliHarness();

        var code = await cli.RunAsync("status", "--api", _fake.Url.ToString(), "--router", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Contains("stale: no contact with the control plane since 60s ago", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_RouterDown_SaysNotReachableButSucceeds()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("status", "--api", _fake.Url.ToString(), "--router", $"http://127.0.0.1:{FreePort.Get()}");

        Assert.Equal(0, code);
        Assert.Contains("not reachable", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_ControlPlaneDown_Fails()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("status", "--api", $"http://127.0.0.1:{FreePort.Get()}");

        Assert.Equal(1, code);
        Assert.Contains("cannot reach the control plane", cli.Error, StringComparison.Ordinal);
    }
}
