using System.CommandLine;
using Cellular.Cli.Api;
using Cellular.Cli.Rendering;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Commands;

/// <summary><c>cellctl cells list|show|create|drain [--evacuate]|activate|quarantine|retire|secret|templates</c>.</summary>
internal static class CellsCommand
{
    public static Command Create(ApiCommandRunner runner)
    {
        var command = new Command("cells", "List, create and change the state of cells.");
        command.Subcommands.Add(List(runner));
        command.Subcommands.Add(Show(runner));
        command.Subcommands.Add(CreateCell(runner));
        command.Subcommands.Add(Drain(runner));
        command.Subcommands.Add(StateChange(runner, "activate", "Put a drained or quarantined cell back into service.", (c, id, ct) => c.ActivateCellAsync(id, ct)));
        command.Subcommands.Add(StateChange(runner, "quarantine", "Take a cell out of rotation: its tenants get 503 until it is activated.", (c, id, ct) => c.QuarantineCellAsync(id, ct)));
        command.Subcommands.Add(StateChange(runner, "retire", "Remove an empty cell for good (stops its process).", (c, id, ct) => c.RetireCellAsync(id, ct)));
        command.Subcommands.Add(Secret(runner));
        command.Subcommands.Add(Templates(runner));
        return command;
    }

    private static Command Secret(ApiCommandRunner runner)
    {
        var id = CommonOptions.CellId("The cell whose secret to print.");
        var json = CommonOptions.Json();
        var command = new Command("secret", "Print the secret a cell you run yourself (static) is configured with (Cellular:Cell:Auth:Secret). Admin only; audited.") { id, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var secret = await client.GetCellSecretAsync(parseResult.GetRequiredValue(id), ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, secret);
                    return;
                }

                // The secret alone on stdout, for scripts; how to use it on stderr.
                runner.Context.RawOut.WriteLine(secret.Secret);
                runner.Context.RawOut.Flush();
                runner.Context.Error.MarkupLine(
                    $"[grey]Configure cell {Markup.Escape(secret.Cell)} with it in the environment variable Cellular__Cell__Auth__Secret (not on its command line, where ps shows it). "
                    + "Anyone holding it can sign requests to that cell; this read is in the audit log.[/]");
            },
            cancellationToken));
        return command;
    }

    private static Command Templates(ApiCommandRunner runner)
    {
        var json = CommonOptions.Json();
        var command = new Command("templates", "List the cell templates command cells are created from: each one's components and their targets (create, deploy, verify, destroy).") { json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var templates = await client.ListCellTemplatesAsync(ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, templates as List<CellTemplateView> ?? [.. templates]);
                }
                else
                {
                    CellTemplateRendering.WriteList(runner.Context.Out, templates);
                }
            },
            cancellationToken));
        return command;
    }

    private static Command List(ApiCommandRunner runner)
    {
        var json = CommonOptions.Json();
        var command = new Command("list", "List all cells with state, endpoint and load.") { json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var cells = await client.ListCellsAsync(ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, cells as List<CellView> ?? [.. cells]);
                }
                else
                {
                    CellRendering.WriteList(runner.Context.Out, cells, runner.Context.TimeProvider.GetUtcNow());
                }
            },
            cancellationToken));
        return command;
    }

    private static Command Show(ApiCommandRunner runner)
    {
        var id = CommonOptions.CellId("The cell to show.");
        var json = CommonOptions.Json();
        var command = new Command("show", "Show one cell in full.") { id, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) => WriteCell(runner, parseResult.GetValue(json), await client.GetCellAsync(parseResult.GetRequiredValue(id), ct)),
            cancellationToken));
        return command;
    }

    private static Command CreateCell(ApiCommandRunner runner)
    {
        var id = CommonOptions.CellId("Id of the new cell: lower-case letters, digits, '.', '_' and '-'.");
        var provider = new Option<string>("--provider")
        {
            Description = "process: cellctl's control plane starts the cell app locally; static: a cell you run at --endpoint; command: your own app, run by a template's scripts (see cells templates).",
        };
        provider.AcceptOnlyFromAmong("process", "static", "command");
        var template = new Option<string>("--template") { Description = "The template a command cell is created from (see cellctl cells templates).", HelpName = "name" };
        var artifact = ReleaseOptions.Artifact("The program the cell runs (process cells; a relative path is made absolute) or the artifact handed to a command cell's scripts.");
        var config = ReleaseOptions.Config("A setting handed to the cell's app (--key=value for process cells); repeat for more.");
        var endpoint = new Option<string>("--endpoint") { Description = "Base URL of a static cell, e.g. http://10.0.0.5:8080.", HelpName = "url" };
        endpoint.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (text is not null && !(Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)))
            {
                result.AddError($"--endpoint: '{text}' is not an http:// or https:// URL.");
            }
        });
        var region = new Option<string>("--region") { Description = "Region (default local)." };
        var zone = new Option<string>("--zone") { Description = "Availability zone (default local-a)." };
        var stage = new Option<string>("--stage") { Description = "Deployment stage (default prod)." };
        stage.AcceptOnlyFromAmong("dev", "staging", "prod");
        var capacity = CommonOptions.IntOption("--capacity", "Tenant weight units the cell may hold (default 1000).", minimum: 1);
        var version = new Option<string>("--app-version") { Description = "Application version the cell runs (default 1.0.0)." };
        var labels = new Option<string[]>("--label") { Description = "A label key=value; repeat for more.", HelpName = "key=value" };
        labels.Validators.Add(result =>
        {
            foreach (var label in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (label.IndexOf('=', StringComparison.Ordinal) <= 0)
                {
                    result.AddError($"--label: '{label}' is not key=value.");
                }
            }
        });
        var json = CommonOptions.Json();
        var command = new Command("create", "Create a cell; a process cell is started and answers once it is Active.")
        {
            id, provider, endpoint, region, zone, stage, capacity, version, labels, template, artifact, config, json,
        };
        command.Validators.Add(result =>
        {
            // Raw tokens: GetValue would throw while --provider itself is invalid.
            var providerToken = result.GetResult(provider)?.Tokens is [var token, ..] ? token.Value : null;
            if (providerToken == "static" && result.GetResult(endpoint) is null)
            {
                result.AddError("A static cell needs --endpoint: the URL where you run it.");
            }

            if (providerToken is not null and not "command" && result.GetResult(template) is not null)
            {
                result.AddError($"--template only applies to --provider command, not {providerToken}.");
            }
        });

        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var request = new CreateCellRequest(
                    parseResult.GetRequiredValue(id),
                    parseResult.GetValue(provider),
                    parseResult.GetValue(region),
                    parseResult.GetValue(zone),
                    parseResult.GetValue(stage),
                    parseResult.GetValue(capacity),
                    parseResult.GetValue(endpoint),
                    ParseLabels(parseResult.GetValue(labels)),
                    parseResult.GetValue(version),
                    parseResult.GetValue(template),
                    parseResult.GetValue(artifact),
                    ReleaseOptions.ParseConfig(parseResult.GetValue(config)));
                var asJson = parseResult.GetValue(json);
                CellView cell;
                if (asJson)
                {
                    cell = await client.CreateCellAsync(request, ct);
                }
                else if (runner.Context.Out.Profile.Capabilities.Interactive)
                {
                    // Starting a process cell takes seconds: show that something is happening.
                    cell = await runner.Context.Out.Status()
                        .StartAsync($"Creating cell {Markup.Escape(request.Id!)}…", _ => client.CreateCellAsync(request, ct));
                }
                else
                {
                    cell = await client.CreateCellAsync(request, ct);
                }

                if (!asJson)
                {
                    runner.Context.Out.MarkupLine($"[green]Created[/] cell [bold]{Markup.Escape(cell.Id)}[/].");
                }

                WriteCell(runner, asJson, cell);
            },
            cancellationToken));
        return command;
    }

    private static Command Drain(ApiCommandRunner runner)
    {
        var id = CommonOptions.CellId("The cell to drain.");
        var evacuate = new Option<bool>("--evacuate") { Description = "Also move every tenant off the cell with live migrations (pinned tenants stay)." };
        var force = new Option<bool>("--force") { Description = "With --evacuate: move pinned tenants too (they stay pinned, to their new cells)." };
        var wait = new Option<bool>("--wait") { Description = "With --evacuate: follow the moves until all have settled; exit code 1 unless the cell ends up empty." };
        var json = CommonOptions.Json();
        var command = new Command("drain", "Keep serving the cell's tenants but place no new ones there; --evacuate moves them out too.") { id, evacuate, force, wait, json };
        command.Validators.Add(result =>
        {
            foreach (var (option, why) in new[] { (wait, "a plain drain finishes at once"), (force, "a plain drain moves nobody") })
            {
                if (result.GetResult(option) is not null && result.GetResult(evacuate) is null)
                {
                    result.AddError($"{option.Name} only applies with --evacuate: {why}.");
                }
            }
        });
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var cellId = parseResult.GetRequiredValue(id);
                var asJson = parseResult.GetValue(json);
                if (!parseResult.GetValue(evacuate))
                {
                    WriteStateChange(runner, asJson, await client.DrainCellAsync(cellId, ct));
                    return 0;
                }

                // The control plane drains as part of the evacuation, and leaves an Unhealthy or
                // Quarantined cell as it is: draining first would put such a cell back into rotation.
                var evacuation = await client.EvacuateCellAsync(cellId, parseResult.GetValue(force), ct);
                if (!parseResult.GetValue(wait))
                {
                    if (asJson)
                    {
                        JsonOutput.Write(runner.Context.RawOut, evacuation);
                    }
                    else
                    {
                        EvacuationRendering.WritePlanned(runner.Context.Out, evacuation, parseResult.GetValue(force), runner.Context.TimeProvider.GetUtcNow());
                    }

                    return 0;
                }

                if (!asJson)
                {
                    EvacuationRendering.WritePlanned(runner.Context.Out, evacuation, parseResult.GetValue(force), runner.Context.TimeProvider.GetUtcNow());
                }

                var migrations = evacuation.Migrations.Count == 0
                    ? evacuation.Migrations
                    : await new MigrationFollower(client, runner.Context).FollowAllAsync(evacuation.Migrations, quiet: asJson, ct);
                var final = evacuation with { Migrations = migrations };
                if (asJson)
                {
                    JsonOutput.Write(runner.Context.RawOut, final);
                }
                else
                {
                    EvacuationRendering.WriteOutcome(runner.Context.Out, final, runner.Context.TimeProvider.GetUtcNow());
                }

                return EvacuationRendering.IsEmptied(final) ? 0 : 1;
            },
            cancellationToken));
        return command;
    }

    private static Command StateChange(ApiCommandRunner runner, string name, string description, Func<ControlPlaneClient, string, CancellationToken, Task<CellView>> change)
    {
        var id = CommonOptions.CellId("The cell to change.");
        var json = CommonOptions.Json();
        var command = new Command(name, description) { id, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var cell = await change(client, parseResult.GetRequiredValue(id), ct);
                WriteStateChange(runner, parseResult.GetValue(json), cell);
            },
            cancellationToken));
        return command;
    }

    private static void WriteStateChange(ApiCommandRunner runner, bool asJson, CellView cell)
    {
        if (asJson)
        {
            JsonOutput.Write(runner.Context.RawOut, cell);
            return;
        }

        runner.Context.Out.MarkupLine($"Cell [bold]{Markup.Escape(cell.Id)}[/] is now {Styles.State(cell.State)}.");
    }

    private static void WriteCell(ApiCommandRunner runner, bool asJson, CellView cell)
    {
        if (asJson)
        {
            JsonOutput.Write(runner.Context.RawOut, cell);
        }
        else
        {
            CellRendering.WriteDetails(runner.Context.Out, cell, runner.Context.TimeProvider.GetUtcNow());
        }
    }

    private static Dictionary<string, string>? ParseLabels(string[]? labels)
    {
        if (labels is null || labels.Length == 0)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            var separator = label.IndexOf('=', StringComparison.Ordinal);
            result[label[..separator]] = label[(separator + 1)..];
        }

        return result;
    }
}
