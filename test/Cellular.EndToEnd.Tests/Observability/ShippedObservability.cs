namespace Cellular.EndToEnd.Tests.Observability;

/// <summary>Where the shipped <c>deploy/observability</c> files are, found from the test's own directory.</summary>
internal static class ShippedObservability
{
    public static string Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Cellular.slnx")))
                {
                    return Path.Combine(dir.FullName, "deploy", "observability");
                }
            }

            Assert.Fail($"No Cellular.slnx above {AppContext.BaseDirectory}: cannot find deploy/observability.");
            return string.Empty;
        }
    }

    public static string PrometheusConfig => Path.Combine(Directory, "prometheus.yml");

    public static string Rules => Path.Combine(Directory, "rules", "cellular.rules.yml");

    public static string RuleTests => Path.Combine(Directory, "rules", "cellular.rules.test.yml");

    public static string Dashboard => Path.Combine(Directory, "grafana", "cellular-dashboard.json");

    /// <summary>
    /// The shipped config with only what differs here rewritten: the control plane's URL, the admin
    /// key's path, and intervals of <paramref name="interval"/> so a test sees data in seconds.
    /// </summary>
    public static string RewriteConfig(Uri controlPlane, string adminTokenFile, string interval)
    {
        var text = File.ReadAllText(PrometheusConfig);
        Assert.Contains("http://127.0.0.1:5081", text, StringComparison.Ordinal);
        Assert.Contains("../../.cellular/admin-token", text, StringComparison.Ordinal);
        return text
            .Replace("http://127.0.0.1:5081", controlPlane.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
            .Replace("../../.cellular/admin-token", adminTokenFile, StringComparison.Ordinal)
            .Replace("scrape_interval: 15s", $"scrape_interval: {interval}", StringComparison.Ordinal)
            .Replace("evaluation_interval: 15s", $"evaluation_interval: {interval}", StringComparison.Ordinal)
            .Replace("refresh_interval: 15s", $"refresh_interval: {interval}", StringComparison.Ordinal);
    }
}
