using Cellular.Cli.Rendering;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.Cli.Tests.Rendering;

public sealed class CellRenderingTests
{
    [Fact]
    public void BuildTable_Health_StateHealthProbeAndLastError()
    {
        var console = new CapturedConsole(width: 240);
        var cells = new List<CellView>
        {
            Samples.Cell("c1", health: Samples.Health("c1", lastError: "no answer within 1000 ms")),
            Samples.Cell("c2", CellState.Unhealthy, health: Samples.Health("c2", CellState.Unhealthy, "failing", 4, "connection refused (127.0.0.1:5101)")),
            Samples.Cell("c3", CellState.Retired),
        };

        console.Console.Write(CellRendering.BuildTable(cells, wide: false, Samples.Now));

        var text = console.Text;
        Assert.Contains("HEALTH", text, StringComparison.Ordinal);
        Assert.Contains("PROBED", text, StringComparison.Ordinal);
        Assert.Contains("LAST ERROR", text, StringComparison.Ordinal);
        Assert.Matches(@"│ c1 +│ Active +│ healthy +│.*│ 2s ago +│ - +│", text);
        Assert.Matches(@"│ c2 +│ Unhealthy +│ failing ×4 +│.*│ 2s ago +│ connection refused \(127.0.0.1:5101\) \(2s ago\) +│", text);
        Assert.Matches(@"│ c3 +│ Retired +│ - +│.*│ - +│ - +│", text);
    }

    [Fact]
    public void BuildTable_OnlyOldErrors_NoLastErrorColumn()
    {
        var console = new CapturedConsole();

        // Healthy again: the error from its start-up is history, shown by `cells show` only.
        console.Console.Write(CellRendering.BuildTable([Samples.Cell("c1", health: Samples.Health("c1", lastError: "no answer within 1000 ms"))], wide: true, Samples.Now));

        Assert.DoesNotContain("LAST ERROR", console.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteDetails_Unhealthy_ShowsProbesErrorAndReturnState()
    {
        var console = new CapturedConsole();
        var cell = Samples.Cell("c2", CellState.Unhealthy, health: Samples.Health("c2", CellState.Unhealthy, "failing", 4, "timed out after 1000 ms"));

        CellRendering.WriteDetails(console.Console, cell, Samples.Now);

        var text = console.Text;
        Assert.Matches(@"Health +failing ×4", text);
        Assert.Matches(@"Last probe +2025-06-01 11:59:58Z \(2s ago\)", text);
        Assert.Matches(@"Last success +2025-06-01 11:59:00Z \(60s ago\)", text);
        Assert.Contains("timed out after 1000 ms (2025-06-01 11:59:58Z (2s ago))", text, StringComparison.Ordinal);
        Assert.Contains("goes back to Active once healthy", text, StringComparison.Ordinal);
    }
}
