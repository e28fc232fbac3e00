using System.Text.RegularExpressions;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.Cli.Tests.Commands;

/// <summary>The watchers on an ANSI terminal: Spectre live displays and progress instead of one line per change.</summary>
public sealed class LiveDisplayTests : IAsyncLifetime
{
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeControlPlane.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private string Api => _fake.Url.ToString();

    [Fact]
    public async Task TenantsMove_Terminal_DrawsThePhaseTableThenTheSummary()
    {
        _fake.RespondJson("POST", "/api/v1/migrations", 201, Samples.Migration());
        _fake.RespondSequence("GET", "/api/v1/migrations/mig-1", Samples.Migration(state: MigrationState.Copying), Samples.Migration(state: MigrationState.Soak));
        var cli = new CliHarness(terminal: true);

        var code = await cli.RunAdvancingClockAsync(TimeSpan.FromMilliseconds(250), 1000, "tenants", "move", "acme", "--to", "c2", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("\u001b[", cli.Out, StringComparison.Ordinal);
        var text = Plain(cli.Out);
        Assert.Contains("CatchingUp", text, StringComparison.Ordinal);
        Assert.Contains("Moved acme: c1 → c2 (mig-1) in 217 ms.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Moving acme", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChaosRunWait_Terminal_ShowsProgressThenReport()
    {
        _fake.RespondJson("POST", "/api/v1/experiments", 201, Samples.Experiment());
        _fake.RespondSequence("GET", "/api/v1/experiments/exp-1", Samples.Experiment(), Samples.Experiment(state: ExperimentState.Completed, report: Samples.Report()));
        var cli = new CliHarness(terminal: true);

        var code = await cli.RunAdvancingClockAsync(TimeSpan.FromSeconds(1), 1000, "chaos", "run", "--target", "c1", "--fault", "error", "--duration", "30s", "--wait", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("Blast radius: contained", Plain(cli.Out), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrainEvacuateWait_Terminal_ClearsTheLiveTableAndPrintsTheOutcome()
    {
        _fake.RespondJson("POST", "/api/v1/cells/c1/evacuate", 200, new CellEvacuation("c1", CellState.Draining, [Samples.Migration("mig-1", "acme")], []));
        _fake.RespondSequence("GET", "/api/v1/migrations/mig-1", Samples.Migration("mig-1", "acme", MigrationState.Copying), Samples.Migration("mig-1", "acme", MigrationState.Complete));
        var cli = new CliHarness(terminal: true);

        var code = await cli.RunAdvancingClockAsync(TimeSpan.FromMilliseconds(250), 1000, "cells", "drain", "c1", "--evacuate", "--wait", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("Evacuation of c1: 1 moved.", Plain(cli.Out), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeployWatch_Terminal_DrawsWavesCountdownAndEvidenceThenTheOutcome()
    {
        _fake.RespondJson("POST", "/api/v1/deployments", 201, DeploymentSamples.Pending());
        _fake.RespondSequence("GET", "/api/v1/deployments/dep-1", DeploymentSamples.Baking(), DeploymentSamples.RolledBack());
        var cli = new CliHarness(terminal: true);

        var code = await cli.RunAdvancingClockAsync(TimeSpan.FromSeconds(1), 1000, "deploy", "2.0.0", "--watch", "--api", Api);

        Assert.Equal(2, code);
        Assert.Contains("\u001b[", cli.Out, StringComparison.Ordinal);
        var text = Plain(cli.Out);
        Assert.Contains("Wave 1 bakes:", text, StringComparison.Ordinal);
        Assert.Contains("Latest gate evidence", text, StringComparison.Ordinal);
        Assert.Contains("c2 RolledBack  c3 RolledBack", text, StringComparison.Ordinal);
        Assert.DoesNotContain("    gate wave", text, StringComparison.Ordinal);
        Assert.Contains("Deployment dep-1 (2.0.0) RolledBack: c3 failed the peers gate", cli.Error, StringComparison.Ordinal);
    }

    // Bold and cursor movement come through even without colours.
    private static string Plain(string text) => Regex.Replace(text, @"\u001b\[[0-9;?]*[A-Za-z]", string.Empty);
}
