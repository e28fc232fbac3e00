using System.Net.Http.Json;
using Cellular.ControlPlane.Health;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Json;
using Cellular.Core.Model;
using Cellular.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.ControlPlane.Tests.Health;

/// <summary>The monitor as a hosted service on the real clock, with a short interval.</summary>
public sealed class CellHealthMonitorLoopTests
{
    [Fact]
    public async Task Monitor_RunningInTheHost_MarksAFailingCellUnhealthyAndRecoversIt()
    {
        using var root = new TempDirectory("cp-health-loop");
        await using var app = new ControlPlaneApp(root.Path, new Dictionary<string, string?>
        {
            ["Cellular:ControlPlane:Health:Interval"] = "00:00:00.100",
            ["Cellular:ControlPlane:Health:Timeout"] = "00:00:00.100",
            ["Cellular:ControlPlane:Health:FailureThreshold"] = "1",
            ["Cellular:ControlPlane:Health:SuccessThreshold"] = "1",
        });
        using var client = app.Client();
        await using var cell = await FakeCell.StartAsync("c1");
        await client.CreateStaticCellAsync(cell);

        cell.HealthStatus = 503;
        await Eventually.TrueAsync(async () => await StateAsync(client) == CellState.Unhealthy, "c1 becomes Unhealthy");
        cell.HealthStatus = 200;
        await Eventually.TrueAsync(async () => await StateAsync(client) == CellState.Active, "c1 is Active again");
    }

    [Fact]
    public async Task Monitor_Disabled_NeverProbes()
    {
        using var root = new TempDirectory("cp-health-off");
        await using var app = new ControlPlaneApp(root.Path, new Dictionary<string, string?>
        {
            ["Cellular:ControlPlane:Health:Enabled"] = "false",
            ["Cellular:ControlPlane:Health:Interval"] = "00:00:00.100",
            ["Cellular:ControlPlane:Health:Timeout"] = "00:00:00.100",
        });
        using var client = app.Client();
        await using var cell = await FakeCell.StartAsync("c1");
        await client.CreateStaticCellAsync(cell);

        var monitor = app.Services.GetRequiredService<CellHealthMonitor>();

        Assert.True(monitor.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Equal("unknown", (await client.GetFromJsonAsync("/api/v1/cells/c1/health", CellularJsonContext.Default.CellHealthStatus))!.Probe);
    }

    private static async Task<CellState> StateAsync(HttpClient client) =>
        (await client.GetFromJsonAsync("/api/v1/cells/c1", CellularJsonContext.Default.CellView))!.State;
}
