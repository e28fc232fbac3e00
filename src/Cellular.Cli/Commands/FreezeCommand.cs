using System.CommandLine;
using Cellular.Cli.Rendering;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Commands;

/// <summary><c>cellctl freeze [on [--reason TEXT]|off]</c>: the switch that stops every deployment from starting a new wave.</summary>
internal static class FreezeCommand
{
    public static Command Create(ApiCommandRunner runner)
    {
        var json = CommonOptions.Json();
        var command = new Command("freeze", "Show the deployment freeze; `freeze on` stops every deployment from starting a new wave, `freeze off` lets them go on.") { json };
        command.Subcommands.Add(On(runner));
        command.Subcommands.Add(Off(runner));
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) => Write(runner, parseResult.GetValue(json), await client.GetDeploymentFreezeAsync(ct)),
            cancellationToken));
        return command;
    }

    private static Command On(ApiCommandRunner runner)
    {
        var reason = DeploymentsCommand.Reason("--reason", "Why deployments are frozen, shown to whoever tries one (at most 500 characters).");
        var json = CommonOptions.Json();
        var command = new Command("on", "Freeze deployments: no deployment starts a new wave (waves already deploying finish and bake; rollbacks still run).") { reason, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) => Write(runner, parseResult.GetValue(json), await client.EngageDeploymentFreezeAsync(parseResult.GetValue(reason), ct)),
            cancellationToken));
        return command;
    }

    private static Command Off(ApiCommandRunner runner)
    {
        var json = CommonOptions.Json();
        var command = new Command("off", "Release the freeze: deployments start their next waves again.") { json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) => Write(runner, parseResult.GetValue(json), await client.ReleaseDeploymentFreezeAsync(ct)),
            cancellationToken));
        return command;
    }

    private static void Write(ApiCommandRunner runner, bool asJson, DeploymentFreeze freeze)
    {
        if (asJson)
        {
            JsonOutput.Write(runner.Context.RawOut, freeze);
            return;
        }

        var console = runner.Context.Out;
        var by = freeze.ChangedAt is { } at ? $" [grey](since {Styles.Time(at)}{(freeze.ChangedBy is { } who ? " by " + Markup.Escape(who) : string.Empty)})[/]" : string.Empty;
        if (!freeze.Engaged)
        {
            console.MarkupLine($"Deployments [green]not frozen[/]: waves start as planned.{by}");
            return;
        }

        console.MarkupLine($"Deployments [red bold]frozen[/]: no deployment starts a new wave.{by}");
        if (freeze.Reason is { Length: > 0 } reason)
        {
            console.MarkupLine($"Reason: {Markup.Escape(reason)}");
        }

        console.MarkupLine("[grey]Release it with[/] cellctl freeze off");
    }
}
