namespace Cellular.EndToEnd.Tests.Observability;

/// <summary>The shipped Prometheus files pass Prometheus's own checks and the alerts' unit tests.</summary>
public sealed class PromtoolTests
{
    [Fact]
    public async Task CheckRules_ShippedRules_Pass()
    {
        var (code, output) = await PrometheusTools.PromtoolAsync(ShippedObservability.Directory, "check", "rules", ShippedObservability.Rules);

        Assert.True(code == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestRules_EveryAlertHasAFiringAndAQuietCase_Pass()
    {
        var (code, output) = await PrometheusTools.PromtoolAsync(Path.GetDirectoryName(ShippedObservability.RuleTests)!, "test", "rules", ShippedObservability.RuleTests);

        Assert.True(code == 0, output);
        var tests = await File.ReadAllTextAsync(ShippedObservability.RuleTests);
        foreach (var alert in new[] { "CellErrorRateAbovePeers", "CellLatencyAbovePeers", "CellDown", "RouterTableStale", "MigrationStuck", "DeploymentRolledBack" })
        {
            Assert.Contains($"alertname: {alert}", tests, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CheckConfig_ShippedConfigWithAnAdminKeyFile_Passes()
    {
        // The shipped file names .cellular/admin-token of `cellctl up`; promtool wants it to exist.
        using var dir = new Cellular.Testing.TempDirectory("prom-config");
        var token = Path.Combine(dir.Path, "admin-token");
        await File.WriteAllTextAsync(token, "cel_test_token\n");
        Directory.CreateDirectory(Path.Combine(dir.Path, "rules"));
        File.Copy(ShippedObservability.Rules, Path.Combine(dir.Path, "rules", "cellular.rules.yml"));
        var config = Path.Combine(dir.Path, "prometheus.yml");
        await File.WriteAllTextAsync(config, ShippedObservability.RewriteConfig(new Uri("http://127.0.0.1:5081"), token, "15s"));

        var (code, output) = await PrometheusTools.PromtoolAsync(dir.Path, "check", "config", config);

        Assert.True(code == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }
}
