using System.Globalization;
using System.Text;

namespace Cellular.StoreBenchmark;

/// <summary>One measured figure of one provider.</summary>
internal sealed record BenchResult(string Provider, string Scenario, string Figure)
{
    public static string Markdown(IReadOnlyList<BenchResult> results, BenchSettings settings)
    {
        var providers = results.Select(r => r.Provider).Distinct().ToList();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{settings.Tenants:N0} tenants over {settings.Cells} cells; {settings.Ops:N0} operations per scenario; {settings.Concurrency} concurrent clients for throughput.");
        text.AppendLine();
        text.AppendLine("| scenario | " + string.Join(" | ", providers) + " |");
        text.AppendLine("|---|" + string.Concat(providers.Select(_ => "---|")));
        foreach (var scenario in results.Select(r => r.Scenario).Distinct())
        {
            text.AppendLine($"| {scenario} | " + string.Join(" | ", providers.Select(p => results.FirstOrDefault(r => r.Provider == p && r.Scenario == scenario)?.Figure ?? "–")) + " |");
        }

        return text.ToString();
    }
}
