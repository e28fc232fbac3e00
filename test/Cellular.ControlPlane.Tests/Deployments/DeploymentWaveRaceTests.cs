using Cellular.ControlPlane.Experiments;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.ControlPlane.Tests.Deployments;

/// <summary>
/// A wave starts only if no other work holds its cells, asked again in the transaction that starts
/// it: other work that takes a cell right after the runner's read-only first look (while it reads
/// the routers' baseline) keeps the wave from starting.
/// </summary>
public sealed class DeploymentWaveRaceTests
{
    [Fact]
    public async Task StartWave_CellTakenByOtherWorkRightAfterTheFirstLook_TheWaveWaits()
    {
        var probe = new RacingGuard("s1");
        await using var h = await DeploymentHarness.StartAsync(services: s => s.AddSingleton<ICellActivityGuard>(probe));

        var deployment = await h.CreateDeploymentAsync("""{"version":"2.0.0","cells":["s1"]}""");

        await probe.Checked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var store = h.App.Services.GetRequiredService<IStoreDatabase>();
        var audit = h.App.Services.GetRequiredService<AuditStore>();
        await store.WriteAsync(tx => audit.AppendAsync(tx, "test", RacingGuard.BusyAction, AuditDetail.CellTarget("s1"), null), CancellationToken.None);
        probe.Marked.TrySetResult();

        await Task.Delay(TimeSpan.FromSeconds(1));
        var now = await h.GetDeploymentAsync(deployment.Id);
        var wave = now.Waves[0];
        Assert.True(wave.State == DeploymentWaveState.Pending, DeploymentHarness.Describe(now));
        Assert.Contains("busy (test)", wave.Waiting, StringComparison.Ordinal);
        Assert.NotEqual("2.0.0", h.Provider.NewestVersion("s1"));
    }
}
