using System.CommandLine;
using Cellular.Cli.Rendering;

namespace Cellular.Cli.Commands;

/// <summary><c>cellctl table show</c>: the routing table routers are (or will be) using.</summary>
internal static class TableCommand
{
    public static Command Create(ApiCommandRunner runner)
    {
        var tenants = new Option<bool>("--tenants") { Description = "Also list every tenant row (pins and assignments)." };
        var json = CommonOptions.Json();
        var show = new Command("show", "Show the current routing table: version, fallback, cells and tenant counts.") { tenants, json };
        show.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var snapshot = await client.GetRoutingTableAsync(ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, snapshot);
                }
                else
                {
                    RoutingTableRendering.Write(runner.Context.Out, snapshot, parseResult.GetValue(tenants));
                }
            },
            cancellationToken));

        var command = new Command("table", "Inspect the routing table the control plane publishes.");
        command.Subcommands.Add(show);
        return command;
    }
}
