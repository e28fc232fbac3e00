using System.CommandLine;
using Cellular.Cli.Rendering;
using Cellular.Core.Api;

namespace Cellular.Cli.Commands;

/// <summary>
/// <c>cellctl deploy VERSION [--artifact PATH] [--config k=v]… [--cells a,b | --wave a,b…] [--bake 10m] … [--analysis-file PATH] [--watch]</c>:
/// starts a wave deployment of a release, optionally following it live to the end.
/// </summary>
internal static class DeployCommand
{
    private const int MaxNameLength = 128;

    public static Command Create(ApiCommandRunner runner)
    {
        var version = ReleaseOptions.Version("The release's version, as the cells will report it in /_cell/info (e.g. 2.0.0).");
        var artifact = ReleaseOptions.Artifact(
            "The program the cells run (an executable or a .dll; a relative path is made absolute), or a scheme://… artifact a command cell's deploy script fetches. "
            + "Default: what each cell runs now.");
        var config = ReleaseOptions.Config("A setting handed to the app (--key=value for process cells); repeat for more.");
        var cells = CellGroupOptions.Cells("Deploy only these cells (comma-separated; A/B by cell): the default plan over them, the others keep their release.");
        var waves = CellGroupOptions.Waves("An explicit wave (comma-separated cells); repeat for the next waves, in order. Default: dev, then staging, then prod cells by traffic, in growing waves.");
        var bake = DurationOption.Create("--bake", "How long each wave bakes under the gates, e.g. 10m (0s–24h, default from the control plane).", TimeSpan.Zero, TimeSpan.FromHours(24));
        var firstProductionBake = DurationOption.Create("--first-prod-bake", "Bake of the first wave with a prod cell (0s–24h, default twice --bake).", TimeSpan.Zero, TimeSpan.FromHours(24));
        var maxParallel = CommonOptions.IntOption("--max-parallel", "Cells of one wave deployed at the same time (1–100).", minimum: 1, maximum: 100);
        var growth = CommonOptions.IntOption("--growth", "Factor by which default waves grow: 2 gives 1, 2, 4, … cells (1–10).", minimum: 1, maximum: 10);
        var approval = new Option<string>("--approval") { Description = "When a person must approve a wave: none, production (before each wave with a prod cell) or every-wave." };
        approval.AcceptOnlyFromAmong("none", "production", "every-wave");
        var rollbackAll = new Option<bool>("--rollback-all") { Description = "On a failed gate roll back every cell this deployment touched, not only the failing wave." };
        var name = new Option<string>("--name") { Description = $"A label for people (at most {MaxNameLength} characters).", HelpName = "text" };
        name.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { Length: > MaxNameLength } value)
            {
                result.AddError($"--name must be at most {MaxNameLength} characters; got {value.Length}.");
            }
        });
        var maxErrorIncrease = CommonOptions.DoubleOption("--max-error-increase", "Fail a cell whose error rate exceeds its peers' and its own baseline's by more than this, absolute (0–1).", 0, 1);
        var p99Factor = CommonOptions.DoubleOption("--p99-factor", "Fail a cell whose p99 exceeds the comparison's × this + --p99-floor-ms (1–100).", 1, 100);
        var p99Floor = CommonOptions.DoubleOption("--p99-floor-ms", "Milliseconds added to the p99 limit, so a fast cell's noise does not count (0–60000).", 0, 60_000);
        var minRequests = CommonOptions.IntOption("--min-requests", "Fewer requests in the window is inconclusive, never a pass (1–1000000).", minimum: 1, maximum: 1_000_000);
        var maxExtension = DurationOption.Create("--max-bake-extension", "How long an inconclusive bake is extended before the deployment pauses for a person (0s–24h).", TimeSpan.Zero, TimeSpan.FromHours(24));
        var analysisFile = AnalysisFile.Create();
        var watch = new Option<bool>("--watch") { Description = "Follow the deployment live until it ends. " + DeploymentExitCodes.Help };
        var json = CommonOptions.Json();
        var command = new Command("deploy", "Deploy a release to the cells in waves: each wave bakes under gates against its peers, a failed gate rolls it back.")
        {
            version, artifact, config, cells, waves, bake, firstProductionBake, maxParallel, growth, approval, rollbackAll, name,
            maxErrorIncrease, p99Factor, p99Floor, minRequests, maxExtension, analysisFile, watch, json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(waves) is not null && result.GetResult(cells) is not null)
            {
                result.AddError("Give --cells or --wave, not both: explicit waves already name every cell they deploy.");
            }

            if (result.GetResult(waves) is not null && result.GetResult(growth) is not null)
            {
                result.AddError("--growth only shapes the default plan; explicit --wave lists are deployed as given.");
            }
        });

        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var gates = parseResult.GetValue(maxErrorIncrease) is null && parseResult.GetValue(p99Factor) is null && parseResult.GetValue(p99Floor) is null
                    && parseResult.GetValue(minRequests) is null && parseResult.GetValue(maxExtension) is null
                    ? null
                    : new DeploymentGatesRequest(
                        parseResult.GetValue(maxErrorIncrease),
                        parseResult.GetValue(p99Factor),
                        parseResult.GetValue(p99Floor),
                        parseResult.GetValue(minRequests),
                        Seconds(parseResult.GetValue(maxExtension)));
                var request = new CreateDeploymentRequest(
                    parseResult.GetRequiredValue(version),
                    parseResult.GetValue(artifact),
                    ReleaseOptions.ParseConfig(parseResult.GetValue(config)),
                    CellGroupOptions.ParseWaves(parseResult.GetValue(waves)),
                    CellGroupOptions.ParseCells(parseResult.GetValue(cells)),
                    Seconds(parseResult.GetValue(bake)),
                    Seconds(parseResult.GetValue(firstProductionBake)),
                    parseResult.GetValue(maxParallel),
                    parseResult.GetValue(growth),
                    parseResult.GetValue(approval),
                    parseResult.GetValue(rollbackAll) ? true : null,
                    gates,
                    parseResult.GetValue(name),
                    Analysis: parseResult.GetValue(analysisFile) is { } file ? AnalysisFile.Read(file, out _) : null);
                var asJson = parseResult.GetValue(json);
                var deployment = await client.CreateDeploymentAsync(request, ct);
                if (parseResult.GetValue(watch))
                {
                    return await DeploymentsCommand.FollowAsync(runner, client, deployment, asJson, ct);
                }

                if (asJson)
                {
                    JsonOutput.Write(runner.Context.RawOut, deployment);
                }
                else
                {
                    DeploymentRendering.WriteCreated(runner.Context.Out, deployment, runner.Context.TimeProvider.GetUtcNow());
                }

                return 0;
            },
            cancellationToken));
        return command;
    }

    private static int? Seconds(TimeSpan? value) => value is { } v ? (int)v.TotalSeconds : null;
}
