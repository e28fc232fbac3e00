using System.CommandLine;
using Cellular.Cli.Rendering;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Commands;

/// <summary><c>cellctl rebalance</c>: move tenants from cells above a utilisation threshold to cells below it.</summary>
internal static class RebalanceCommand
{
    public static Command Create(ApiCommandRunner runner)
    {
        var threshold = CommonOptions.DoubleOption("--threshold", "Utilisation (load / capacity) above which a cell sheds tenants, more than 0 and at most 1 (default 0.8).", 0, 1, minimumExclusive: true);
        var dryRun = new Option<bool>("--dry-run") { Description = "Only show the plan; move nothing." };
        var maxMoves = CommonOptions.IntOption("--max-moves", "At most this many moves (1–1000, default 100).", minimum: 1, maximum: 1000);
        var wait = new Option<bool>("--wait") { Description = "Follow the moves until all have settled; exit code 1 if any did not move." };
        var json = CommonOptions.Json();
        var command = new Command("rebalance", "Plan moves from cells above the threshold to cells below it and start them (see --dry-run).")
        {
            threshold, dryRun, maxMoves, wait, json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(wait) is not null && result.GetResult(dryRun) is not null)
            {
                result.AddError("--wait has nothing to follow with --dry-run.");
            }
        });
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var request = new RebalanceRequest(parseResult.GetValue(threshold), parseResult.GetValue(dryRun), parseResult.GetValue(maxMoves));
                var plan = await client.RebalanceAsync(request, ct);
                var asJson = parseResult.GetValue(json);
                if (!asJson)
                {
                    RebalanceRendering.WritePlan(runner.Context.Out, plan);
                }

                if (!parseResult.GetValue(wait) || plan.Migrations.Count == 0)
                {
                    if (asJson)
                    {
                        JsonOutput.Write(runner.Context.RawOut, plan);
                    }

                    return 0;
                }

                var migrations = await new MigrationFollower(client, runner.Context).FollowAllAsync(plan.Migrations, quiet: asJson, ct);
                if (asJson)
                {
                    JsonOutput.Write(runner.Context.RawOut, plan with { Migrations = migrations });
                }
                else
                {
                    var now = runner.Context.TimeProvider.GetUtcNow();
                    runner.Context.Out.Write(MigrationRendering.BuildTable(migrations, now));
                    runner.Context.Out.MarkupLine($"Rebalance: {MigrationRendering.Tally(migrations)}.");
                }

                return migrations.All(m => MigrationRendering.Succeeded(m.State)) ? 0 : 1;
            },
            cancellationToken));
        return command;
    }
}
