using System.CommandLine;
using Cellular.Cli.Api;
using Cellular.Cli.Rendering;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Commands;

/// <summary>
/// <c>cellctl top</c>: the fleet table live in the terminal, redrawn from <c>GET /api/v1/fleet</c>
/// every <c>--interval</c> until Ctrl+C. Sorting, filtering and paging are the control plane's, so
/// the terminal shows what the console shows. Outside a terminal (pipes, logs) and with
/// <c>--once</c> it prints one table and exits; <c>--json</c> prints the page as JSON.
/// </summary>
internal static class TopCommand
{
    /// <summary>The sort keys the fleet API accepts.</summary>
    public static readonly string[] SortKeys = ["id", "state", "health", "stage", "version", "tenants", "load", "utilisation", "rps", "successRate", "p50", "p99", "alarms"];

    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

    // The table keeps its last good state through a short outage; past this the command gives up.
    private static readonly TimeSpan UnreachableLimit = TimeSpan.FromSeconds(60);

    public static Command Create(ApiCommandRunner runner)
    {
        var sort = new Option<string>("--sort") { Description = "Sort by id, state, health, stage, version, tenants, load, utilisation, rps, successRate, p50, p99 or alarms (default id).", HelpName = "key" };
        sort.AcceptOnlyFromAmong(SortKeys);
        var descending = new Option<bool>("--desc") { Description = "Sort descending (e.g. --sort p99 --desc: slowest first)." };
        var filter = new Option<string>("--filter") { Description = "Only cells whose id, region, zone, version or a label contains this text.", HelpName = "text" };
        var limit = new Option<int>("--limit") { Description = "Most rows shown (1–500, default 50).", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 500)
            {
                result.AddError("--limit must be 1 to 500.");
            }
        });
        var interval = DurationOption.Create("--interval", "How often the table is refreshed (1s–5m, default 2s).", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        var once = new Option<bool>("--once") { Description = "Print the table once and exit (what a pipe or log file gets anyway)." };
        var json = CommonOptions.Json();
        var command = new Command("top", "Show the fleet live: one row per cell with state, health, version, load, requests/s, success rate, p50/p99, a sparkline and alarms.")
        {
            sort, descending, filter, limit, interval, once, json,
        };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                Task<FleetPage> FetchAsync(CancellationToken token) => client.GetFleetAsync(
                    parseResult.GetValue(sort),
                    parseResult.GetValue(descending),
                    parseResult.GetValue(filter),
                    limit: parseResult.GetValue(limit),
                    cancellationToken: token);

                var page = await FetchAsync(ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, page);
                    return 0;
                }

                var console = runner.Context.Out;
                var time = runner.Context.TimeProvider;
                if (parseResult.GetValue(once) || !LiveOutput.IsSupported(console))
                {
                    FleetRendering.Write(console, page, time.GetUtcNow());
                    return 0;
                }

                await LiveAsync(console, time, page, FetchAsync, parseResult.GetValue(interval) ?? DefaultInterval, ct);
                return 0;
            },
            cancellationToken));
        return command;
    }

    /// <summary>Redraws the table every <paramref name="interval"/> until cancelled (Ctrl+C); a control plane that stops answering is shown, not fatal, for a while.</summary>
    private static async Task LiveAsync(IAnsiConsole console, TimeProvider time, FleetPage first, Func<CancellationToken, Task<FleetPage>> fetch, TimeSpan interval, CancellationToken cancellationToken)
    {
        const string Hint = "[grey]Ctrl+C to quit[/]";
        await console.Live(FleetRendering.Build(first, time.GetUtcNow(), Hint))
            .AutoClear(false)
            .StartAsync(async context =>
            {
                var page = first;
                var lastAnswer = time.GetUtcNow();
                while (!cancellationToken.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(interval, time, cancellationToken);
                        page = await fetch(cancellationToken);
                        lastAnswer = time.GetUtcNow();
                        context.UpdateTarget(FleetRendering.Build(page, lastAnswer, Hint));
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (ControlPlaneUnreachableException ex) when (time.GetUtcNow() - lastAnswer < UnreachableLimit)
                    {
                        var note = $"[red]The control plane did not answer ({Markup.Escape(ex.Message)}); showing the table of {Styles.Ago(lastAnswer, time.GetUtcNow())}.[/]";
                        context.UpdateTarget(FleetRendering.Build(page, time.GetUtcNow(), note));
                    }

                    context.Refresh();
                }
            });
    }
}
