using System.CommandLine;
using Cellular.Cli.Rendering;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Commands;

/// <summary><c>cellctl chaos run|list|show|stop|kill-switch</c>: chaos experiments and their blast-radius reports.</summary>
internal static class ChaosCommand
{
    private const int MaxNameLength = 128;

    public static Command Create(ApiCommandRunner runner)
    {
        var command = new Command("chaos", "Inject faults into cells and measure whether the damage stays inside them.");
        command.Subcommands.Add(Run(runner));
        command.Subcommands.Add(List(runner));
        command.Subcommands.Add(Show(runner));
        command.Subcommands.Add(Stop(runner));
        command.Subcommands.Add(KillSwitch(runner));
        return command;
    }

    private static Command Run(ApiCommandRunner runner)
    {
        var targets = CommonOptions.CellListOption("--target", "A cell to inject the fault into; repeat for more (1–100 Active cells).");
        targets.Required = true;
        var fault = new Option<string>("--fault")
        {
            Description = "error (answer --status), latency (wait --latency-ms), abort (reset the connection) or crash (kill the cell process).",
            Required = true,
        };
        fault.AcceptOnlyFromAmong("error", "latency", "abort", "crash");
        var status = new Option<int?>("--status") { Description = "Status an error fault answers: 429 or 500–599 (default 500)." };
        status.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } value && value != 429 && value is < 500 or > 599)
            {
                result.AddError($"--status must be 429 or between 500 and 599; got {value}.");
            }
        });
        var latency = CommonOptions.IntOption("--latency-ms", "Delay of a latency fault in milliseconds (1–300000).", minimum: 1, maximum: 300_000);
        var rate = CommonOptions.DoubleOption("--rate", "Share of matching requests hit, more than 0 and at most 1 (default 1).", 0, 1, minimumExclusive: true);
        var tenants = CommonOptions.TenantListOption("--tenant", "Only hit this tenant's requests; repeat for more (default: every request).");
        var duration = DurationOption.Create("--duration", "How long the fault lasts, e.g. 30s or 2m (1s–1h); the cells drop it on their own after this.", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        duration.Required = true;
        var name = new Option<string>("--name") { Description = "A label for people (at most 128 characters)." };
        name.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { Length: > MaxNameLength } value)
            {
                result.AddError($"--name must be at most {MaxNameLength} characters; got {value.Length}.");
            }
        });
        var baseline = DurationOption.Create("--baseline", "Length of the before-window the fault phase is compared with (1s–5m, default 10s).", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        var after = DurationOption.Create("--after", "Length of the after-window measured once the fault is gone (0s–5m, default 10s).", TimeSpan.Zero, TimeSpan.FromMinutes(5));
        var maxErrorIncrease = CommonOptions.DoubleOption("--max-error-increase", "Abort when a non-target cell's error rate rises by more than this, absolute (0–1, default 0.05).", 0, 1);
        var p99Factor = CommonOptions.DoubleOption("--p99-factor", "Abort when a non-target cell's p99 exceeds its baseline × this + --p99-floor-ms (1–100, default 2).", 1, 100);
        var p99Floor = CommonOptions.DoubleOption("--p99-floor-ms", "Milliseconds added to the p99 limit, so a fast cell's noise does not count (0–60000, default 50).", 0, 60_000);
        var minRequests = CommonOptions.IntOption("--min-requests", "Windows with fewer requests are not judged (1–1000000, default 20).", minimum: 1, maximum: 1_000_000);
        var wait = new Option<bool>("--wait") { Description = "Follow the experiment until its report is in and print it; exit code 1 unless the verdict is contained." };
        var json = CommonOptions.Json();
        var command = new Command("run", "Start a chaos experiment: inject a fault into the target cells for a while and judge its blast radius.")
        {
            targets, fault, status, latency, rate, tenants, duration, name, baseline, after, maxErrorIncrease, p99Factor, p99Floor, minRequests, wait, json,
        };
        command.Validators.Add(result =>
        {
            // Raw tokens: GetValue would throw while --fault itself is invalid.
            var kind = result.GetResult(fault)?.Tokens is [var token, ..] ? token.Value : null;
            if (kind == "latency" && result.GetResult(latency) is null)
            {
                result.AddError("A latency fault needs --latency-ms: how long each hit request waits.");
            }

            if (kind is not null and not "latency" && result.GetResult(latency) is not null)
            {
                result.AddError($"--latency-ms only applies to --fault latency, not {kind}.");
            }

            if (kind is not null and not "error" && result.GetResult(status) is not null)
            {
                result.AddError($"--status only applies to --fault error, not {kind}.");
            }
        });

        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var stopConditions = parseResult.GetValue(maxErrorIncrease) is null && parseResult.GetValue(p99Factor) is null
                    && parseResult.GetValue(p99Floor) is null && parseResult.GetValue(minRequests) is null
                    ? null
                    : new ExperimentStopConditionsRequest(
                        parseResult.GetValue(maxErrorIncrease), parseResult.GetValue(p99Factor), parseResult.GetValue(p99Floor), parseResult.GetValue(minRequests));
                var tenantIds = parseResult.GetValue(tenants);
                var request = new CreateExperimentRequest(
                    parseResult.GetValue(name),
                    parseResult.GetRequiredValue(targets),
                    new ExperimentFaultRequest(
                        parseResult.GetRequiredValue(fault),
                        parseResult.GetValue(latency),
                        parseResult.GetValue(status),
                        parseResult.GetValue(rate),
                        tenantIds is { Length: > 0 } ? tenantIds : null),
                    Seconds(parseResult.GetValue(duration)),
                    stopConditions,
                    Seconds(parseResult.GetValue(baseline)),
                    Seconds(parseResult.GetValue(after)));
                var asJson = parseResult.GetValue(json);
                var experiment = await client.CreateExperimentAsync(request, ct);
                if (!parseResult.GetValue(wait))
                {
                    if (asJson)
                    {
                        JsonOutput.Write(runner.Context.RawOut, experiment);
                    }
                    else
                    {
                        ExperimentRendering.WriteStarted(runner.Context.Out, experiment);
                    }

                    return experiment.State == ExperimentState.Failed ? 1 : 0;
                }

                experiment = await new ExperimentWatcher(client, runner.Context).WatchAsync(experiment, quiet: asJson, ct);
                if (asJson)
                {
                    JsonOutput.Write(runner.Context.RawOut, experiment);
                }
                else
                {
                    WriteExperiment(runner, experiment);
                    if (experiment.Report is null && !ExperimentWatcher.IsSettled(experiment))
                    {
                        ErrorRendering.Write(
                            runner.Context.Error,
                            $"The report of {experiment.Id} is not in yet; see `cellctl chaos show {experiment.Id}` later.");
                    }
                }

                return experiment.Report?.Verdict == "contained" ? 0 : 1;
            },
            cancellationToken));
        return command;
    }

    private static Command List(ApiCommandRunner runner)
    {
        var limit = CommonOptions.IntOption("--limit", "How many experiments, newest first (1–1000, default 100).", minimum: 1, maximum: 1000);
        var json = CommonOptions.Json();
        var command = new Command("list", "List experiments, newest first, with their state and verdict.") { limit, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var experiments = await client.ListExperimentsAsync(parseResult.GetValue(limit), ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, experiments as List<Experiment> ?? [.. experiments]);
                }
                else
                {
                    ExperimentRendering.WriteList(runner.Context.Out, experiments, runner.Context.TimeProvider.GetUtcNow());
                }
            },
            cancellationToken));
        return command;
    }

    private static Command Show(ApiCommandRunner runner)
    {
        var id = CommonOptions.WorkflowId("experiment", "The experiment to show, e.g. exp-3.");
        var json = CommonOptions.Json();
        var command = new Command("show", "Show an experiment and its blast-radius report: per cell before/during/after, tenants hit, verdict.") { id, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var experiment = await client.GetExperimentAsync(parseResult.GetRequiredValue(id), ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, experiment);
                }
                else
                {
                    WriteExperiment(runner, experiment);
                }
            },
            cancellationToken));
        return command;
    }

    private static Command Stop(ApiCommandRunner runner)
    {
        var id = CommonOptions.WorkflowId("experiment", "The experiment to stop.");
        var json = CommonOptions.Json();
        var command = new Command("stop", "Stop a running experiment now: its faults are cleared; the report still follows.") { id, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var experiment = await client.StopExperimentAsync(parseResult.GetRequiredValue(id), ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, experiment);
                    return;
                }

                var due = experiment.ReportDueAt is { } at ? $"; report due {Styles.Time(at)}" : string.Empty;
                runner.Context.Out.MarkupLine($"Experiment [bold]{Markup.Escape(experiment.Id)}[/] is {Styles.State(experiment.State)}; its faults are cleared{due}.");
            },
            cancellationToken));
        return command;
    }

    private static Command KillSwitch(ApiCommandRunner runner)
    {
        var release = new Option<bool>("--release") { Description = "Release the kill switch: experiments may run again." };
        var show = new Option<bool>("--show") { Description = "Only show whether the kill switch is engaged." };
        var json = CommonOptions.Json();
        var command = new Command("kill-switch", "Stop every running experiment and refuse new ones until released.") { release, show, json };
        command.Validators.Add(result =>
        {
            if (result.GetResult(release) is not null && result.GetResult(show) is not null)
            {
                result.AddError("Give --release or --show, not both.");
            }
        });
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var killSwitch = parseResult.GetValue(show) ? await client.GetKillSwitchAsync(ct)
                    : parseResult.GetValue(release) ? await client.ReleaseKillSwitchAsync(ct)
                    : await client.EngageKillSwitchAsync(ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, killSwitch);
                }
                else
                {
                    WriteKillSwitch(runner.Context.Out, killSwitch);
                }
            },
            cancellationToken));
        return command;
    }

    private static void WriteKillSwitch(IAnsiConsole console, ExperimentKillSwitch killSwitch)
    {
        var by = killSwitch.ChangedAt is { } at ? $" [grey](since {Styles.Time(at)}{(killSwitch.ChangedBy is { } who ? " by " + Markup.Escape(who) : string.Empty)})[/]" : string.Empty;
        if (!killSwitch.Engaged)
        {
            console.MarkupLine($"Kill switch [green]released[/]: experiments may run.{by}");
            return;
        }

        console.MarkupLine($"Kill switch [red bold]engaged[/]: new experiments are refused.{by}");
        if (killSwitch.StoppedExperiments.Count > 0)
        {
            console.MarkupLine($"Stopped: {Markup.Escape(string.Join(", ", killSwitch.StoppedExperiments))} (faults cleared).");
        }

        console.MarkupLine("[grey]Release it with[/] cellctl chaos kill-switch --release");
    }

    private static void WriteExperiment(ApiCommandRunner runner, Experiment experiment)
    {
        var console = runner.Context.Out;
        ExperimentRendering.WriteDetails(console, experiment, runner.Context.TimeProvider.GetUtcNow());
        if (experiment.Report is { } report)
        {
            console.WriteLine();
            BlastRadiusRendering.Write(console, report);
        }
    }

    private static int? Seconds(TimeSpan? value) => value is { } v ? (int)v.TotalSeconds : null;
}
