using Cellular.Cli.Rendering;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;

namespace Cellular.Cli.Tests.Rendering;

public sealed class DeploymentRenderingTests
{
    [Fact]
    public void BuildLive_Baking_ShowsHeaderCountdownGridAndLatestEvidence()
    {
        var console = new CapturedConsole(width: 240);

        console.Console.Write(DeploymentRendering.BuildLive(DeploymentSamples.Baking(), Samples.Now.AddSeconds(0.5)));

        var text = console.Text;
        Assert.Contains("Deployment dep-1 (2.0.0): Baking", text, StringComparison.Ordinal);
        Assert.Contains("Wave 1 bakes: 4m12s left (ends 2025-06-01 12:04:12Z)", text, StringComparison.Ordinal);
        Assert.Matches(@"│ +1 │ Baking +│ c1 Deployed +│ bake 4m12s left \(of 10m\) │", text);
        Assert.Matches(@"│ +2 │ Pending │ c2 Pending  c3 Pending │ bake 20m +│", text);
        Assert.Contains("Latest gate evidence", text, StringComparison.Ordinal);
        Assert.Matches(@"│ c1 +│ peers │ errorRate │ +0\.2% │ +0\.1% │ +5\.1% │ Pass +│", text);
        Assert.Contains("Pause it with cellctl deployments pause dep-1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void BakeLeft_PastTheEnd_SaysItIsJudging()
    {
        var wave = DeploymentSamples.Baking().Waves[0];

        Assert.Equal("4m12s left", DeploymentRendering.BakeLeft(wave, Samples.Now));
        Assert.Equal("1s left", DeploymentRendering.BakeLeft(wave, Samples.Now.AddSeconds(251.2)));
        Assert.Equal("bake over, judging", DeploymentRendering.BakeLeft(wave, Samples.Now.AddSeconds(252)));
        Assert.Null(DeploymentRendering.BakeLeft(DeploymentSamples.Succeeded().Waves[0], Samples.Now));
    }

    [Theory]
    [InlineData("errorRate", 0.125, "12.5%")]
    [InlineData("p99Ms", 412.4, "412 ms")]
    [InlineData("requests", 12345.0, "12,345")]
    [InlineData("health", 1.0, "1")]
    [InlineData("errorRate", null, "[grey]no data[/]")]
    [InlineData("p99Ms", double.NaN, "[grey]no data[/]")]
    [InlineData("errorRate", double.PositiveInfinity, "[grey]no data[/]")]
    public void Metric_FormatsByMetricAndNeverPrintsNaN(string metric, double? value, string expected) =>
        Assert.Equal(expected, Styles.Metric(metric, value));

    [Fact]
    public void WriteList_AbortRequested_SaysSo()
    {
        var console = new CapturedConsole(width: 240);

        DeploymentRendering.WriteList(console.Console, [DeploymentSamples.Running() with { AbortRequested = true }], Samples.Now);

        Assert.Matches(@"│ dep-1 │ 2\.0\.0 +│ Running \(abort requested\) │ +0/2 │ +3 │ 60m ago │", console.Text);
    }

    [Fact]
    public void IsFinal_OnlyTheEndStates()
    {
        Assert.Equal(
            [DeploymentState.Succeeded, DeploymentState.RolledBack, DeploymentState.Failed, DeploymentState.Aborted],
            Enum.GetValues<DeploymentState>().Where(DeploymentRendering.IsFinal));
    }
}
