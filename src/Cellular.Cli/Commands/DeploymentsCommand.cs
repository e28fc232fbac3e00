using System.CommandLine;
using Cellular.Cli.Api;
using Cellular.Cli.Rendering;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Commands;

/// <summary><c>cellctl deployments list|show|watch|pause|resume|abort|approve|ledger</c>: wave deployments after <c>cellctl deploy</c> started them.</summary>
internal static class DeploymentsCommand
{
    private const int MaxReasonLength = 500;

    public static Command Create(ApiCommandRunner runner)
    {
        var command = new Command("deployments", "Follow and steer wave deployments, and see which cells run which version.");
        command.Subcommands.Add(List(runner));
        command.Subcommands.Add(Show(runner));
        command.Subcommands.Add(Watch(runner));
        command.Subcommands.Add(Action(runner, "pause", "Pause a deployment at its next step (a wave being deployed finishes first); resume continues it."));
        command.Subcommands.Add(Action(runner, "resume", "Continue a paused deployment (also one an inconclusive gate paused)."));
        command.Subcommands.Add(Action(runner, "abort", "Stop a deployment at its next step; cells already deployed keep the release."));
        command.Subcommands.Add(Action(runner, "approve", "Let a deployment that waits for approval start its next wave."));
        command.Subcommands.Add(Ledger(runner));
        return command;
    }

    /// <summary>
    /// Follows <paramref name="deployment"/> until it is final and prints the outcome; the exit code
    /// says how it ended (<see cref="DeploymentExitCodes"/>). Ctrl+C (or SIGTERM) stops only the watch.
    /// </summary>
    public static async Task<int> FollowAsync(ApiCommandRunner runner, ControlPlaneClient client, Deployment deployment, bool asJson, CancellationToken cancellationToken)
    {
        using var signal = new ShutdownSignal();
        return await FollowAsync(runner, client, deployment, asJson, signal.Token, cancellationToken);
    }

    /// <summary>As <see cref="FollowAsync(ApiCommandRunner, ControlPlaneClient, Deployment, bool, CancellationToken)"/>, with the token a person's Ctrl+C cancels.</summary>
    public static async Task<int> FollowAsync(
        ApiCommandRunner runner, ControlPlaneClient client, Deployment deployment, bool asJson, CancellationToken stopWatching, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(deployment);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopWatching);
        Deployment final;
        try
        {
            final = await new DeploymentWatcher(client, runner.Context).WatchAsync(deployment, quiet: asJson, linked.Token);
        }
        catch (OperationCanceledException) when (stopWatching.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var id = Markup.Escape(deployment.Id);
            runner.Context.Error.MarkupLine(
                $"Stopped watching {id}; the deployment keeps running on the control plane. "
                + $"[grey]Watch it again:[/] cellctl deployments watch {id}   [grey]Stop it:[/] cellctl deployments abort {id}");
            return DeploymentExitCodes.StoppedWatching;
        }

        var exitCode = DeploymentExitCodes.For(final.State);
        if (asJson)
        {
            JsonOutput.Write(runner.Context.RawOut, final);
        }
        else
        {
            DeploymentRendering.WriteOutcome(runner.Context.Out, runner.Context.Error, final, exitCode);
        }

        return exitCode;
    }

    private static Command List(ApiCommandRunner runner)
    {
        var limit = CommonOptions.IntOption("--limit", "How many deployments, newest first (1–1000, default 100).", minimum: 1, maximum: 1000);
        var json = CommonOptions.Json();
        var command = new Command("list", "List deployments, newest first: version, state, waves done, cells and why they stopped.") { limit, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var deployments = await client.ListDeploymentsAsync(parseResult.GetValue(limit), ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, deployments as List<Deployment> ?? [.. deployments]);
                }
                else
                {
                    DeploymentRendering.WriteList(runner.Context.Out, deployments, runner.Context.TimeProvider.GetUtcNow());
                }
            },
            cancellationToken));
        return command;
    }

    private static Command Show(ApiCommandRunner runner)
    {
        var id = CommonOptions.WorkflowId("deployment", "The deployment to show, e.g. dep-3.");
        var json = CommonOptions.Json();
        var command = new Command("show", "Show a deployment: its plan (waves × cells), the gate evidence and, once it ended, the release against the previous one.") { id, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var deployment = await client.GetDeploymentAsync(parseResult.GetRequiredValue(id), ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, deployment);
                }
                else
                {
                    DeploymentRendering.WriteDetails(runner.Context.Out, deployment, runner.Context.TimeProvider.GetUtcNow());
                }
            },
            cancellationToken));
        return command;
    }

    private static Command Watch(ApiCommandRunner runner)
    {
        var id = CommonOptions.WorkflowId("deployment", "The deployment to watch, e.g. dep-3.");
        var json = CommonOptions.Json();
        var command = new Command("watch", "Follow a deployment live until it ends. " + DeploymentExitCodes.Help) { id, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var deployment = await client.GetDeploymentAsync(parseResult.GetRequiredValue(id), ct);
                return await FollowAsync(runner, client, deployment, parseResult.GetValue(json), ct);
            },
            cancellationToken));
        return command;
    }

    private static Command Action(ApiCommandRunner runner, string action, string description)
    {
        var id = CommonOptions.WorkflowId("deployment", $"The deployment to {action}.");
        var reason = Reason("--reason", $"Why, for the audit and the deployment's reason (at most {MaxReasonLength} characters).");
        var json = CommonOptions.Json();
        var command = new Command(action, description) { id, reason, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var deployment = await client.DeploymentActionAsync(parseResult.GetRequiredValue(id), action, parseResult.GetValue(reason), ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, deployment);
                }
                else
                {
                    runner.Context.Out.MarkupLine(DescribeAction(action, deployment));
                }
            },
            cancellationToken));
        return command;
    }

    private static Command Ledger(ApiCommandRunner runner)
    {
        var window = DurationOption.Create("--window", "Window of the router statistics, e.g. 5m (1s–24h, default from the control plane).", TimeSpan.FromSeconds(1), TimeSpan.FromHours(24));
        var json = CommonOptions.Json();
        var command = new Command("ledger", "Which cells run which version (version skew), with each version's requests, error rate and p99.") { window, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var seconds = parseResult.GetValue(window) is { } w ? (int?)w.TotalSeconds : null;
                var ledger = await client.GetVersionLedgerAsync(seconds, ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, ledger);
                }
                else
                {
                    LedgerRendering.Write(runner.Context.Out, ledger);
                }
            },
            cancellationToken));
        return command;
    }

    /// <summary>A free-text <c>--reason</c>, at most <see cref="MaxReasonLength"/> characters.</summary>
    public static Option<string> Reason(string name, string description)
    {
        var option = new Option<string>(name) { Description = description, HelpName = "text" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value)
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    result.AddError($"{name} is empty; leave it out or say why.");
                }
                else if (value.Length > MaxReasonLength)
                {
                    result.AddError($"{name} must be at most {MaxReasonLength} characters; got {value.Length}.");
                }
            }
        });
        return option;
    }

    private static string DescribeAction(string action, Deployment deployment)
    {
        var id = Markup.Escape(deployment.Id);
        var state = Styles.State(deployment.State);
        var final = DeploymentRendering.IsFinal(deployment.State);
        return action switch
        {
            "pause" when deployment.State != DeploymentState.Paused && !final =>
                $"Pause requested for [bold]{id}[/] ({state}): it pauses at its next step. [grey]Resume it with[/] cellctl deployments resume {id}",
            "abort" when !final =>
                $"Abort requested for [bold]{id}[/] ({state}): it stops at its next step; cells already deployed keep {Markup.Escape(deployment.Version)}. "
                + $"[grey]Follow it with[/] cellctl deployments watch {id}",
            "abort" => $"Deployment [bold]{id}[/] is {state}; cells already deployed keep {Markup.Escape(deployment.Version)}.",
            "approve" when !final => $"Approved the next wave of [bold]{id}[/]; it is {state}. [grey]Follow it with[/] cellctl deployments watch {id}",
            "resume" when !final => $"Resumed [bold]{id}[/]; it is {state}. [grey]Follow it with[/] cellctl deployments watch {id}",
            _ => $"Deployment [bold]{id}[/] is {state}."
                + (deployment.State == DeploymentState.Paused && DeploymentRendering.Hint(deployment) is { } hint ? " " + hint : string.Empty),
        };
    }
}
