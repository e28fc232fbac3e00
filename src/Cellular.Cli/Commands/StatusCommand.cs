using System.CommandLine;
using System.Text.Json;
using Cellular.Cli.Api;
using Cellular.Cli.Rendering;
using Spectre.Console;

namespace Cellular.Cli.Commands;

/// <summary><c>cellctl status</c>: control plane health, the cells, and whether the router is current.</summary>
internal static class StatusCommand
{
    public static Command Create(ApiCommandRunner runner)
    {
        var router = runner.Options.Router();
        var command = new Command("status", "Show control plane health, cells with load, and whether the router serves the current table.") { router };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var console = runner.Context.Out;
                var now = runner.Context.TimeProvider.GetUtcNow();
                var health = await client.GetHealthAsync(ct);
                var cells = await client.ListCellsAsync(ct);
                StatusRendering.WriteControlPlane(console, client.BaseAddress, health, now);
                console.WriteLine();
                if (cells.Count == 0)
                {
                    console.MarkupLine("No cells yet.");
                }
                else
                {
                    console.Write(CellRendering.BuildTable(cells, wide: false, now));
                    console.MarkupLine(CellRendering.Summary(cells));
                }

                console.WriteLine();
                var routerUrl = parseResult.GetRequiredValue(router);
                using var routerClient = new RouterClient(routerUrl);
                try
                {
                    var routerHealth = await routerClient.GetHealthAsync(ct);
                    StatusRendering.WriteRouter(console, routerUrl, routerHealth, health.TableVersion, now);
                }
                catch (Exception ex) when (ex is HttpRequestException or JsonException
                    or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    StatusRendering.WriteRouterUnreachable(console, routerUrl, ex is TaskCanceledException ? "no answer in time" : ex.Message);
                }
            },
            cancellationToken));
        return command;
    }
}
