using System.CommandLine;
using Cellular.Cli.Api;
using Cellular.Cli.Rendering;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Commands;

/// <summary>
/// <c>cellctl migrations list|show|abort|reverse</c> and <c>cellctl tenants move</c>: live tenant
/// migrations, followed phase by phase until the tenant serves from its new cell.
/// </summary>
internal static class MigrationsCommand
{
    public static Command Create(ApiCommandRunner runner)
    {
        var command = new Command("migrations", "Follow, abort and reverse live tenant migrations.");
        command.Subcommands.Add(List(runner));
        command.Subcommands.Add(Show(runner));
        command.Subcommands.Add(Abort(runner));
        command.Subcommands.Add(Reverse(runner));
        return command;
    }

    /// <summary><c>tenants move T [--to C] [--force] [--no-wait]</c>; lives in the tenants group, where operators look for it.</summary>
    public static Command Move(ApiCommandRunner runner)
    {
        var tenant = CommonOptions.TenantId("The tenant to move.");
        var to = CommonOptions.CellOption("--to", "The cell to move it to (default: the least utilised Active cell with room).");
        var force = new Option<bool>("--force") { Description = "Move the tenant even though it is pinned (it stays pinned, to its new cell)." };
        var noWait = NoWait();
        var json = CommonOptions.Json();
        var command = new Command("move", "Move a tenant to another cell, live: copy, catch up, verify, then a short write pause for the cutover.")
        {
            tenant, to, force, noWait, json,
        };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var request = new CreateMigrationRequest(parseResult.GetRequiredValue(tenant), parseResult.GetValue(to), parseResult.GetValue(force) ? true : null);
                var migration = await client.CreateMigrationAsync(request, ct);
                return await FollowAsync(runner, client, migration, parseResult.GetValue(noWait), parseResult.GetValue(json), ct);
            },
            cancellationToken));
        return command;
    }

    private static Command List(ApiCommandRunner runner)
    {
        var tenant = new Option<string>("--tenant") { Description = "Only this tenant's migrations.", HelpName = "tenant" };
        var state = new Option<MigrationState?>("--state")
        {
            Description = $"Only migrations in this state: {string.Join(", ", Enum.GetNames<MigrationState>())}.",
            HelpName = "state",
        };
        state.CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return null;
            }

            var text = result.Tokens[0].Value;
            if (Enum.TryParse<MigrationState>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !char.IsAsciiDigit(text[0]))
            {
                return value;
            }

            result.AddError($"--state: '{text}' is not a migration state; use one of {string.Join(", ", Enum.GetNames<MigrationState>())}.");
            return null;
        };
        var limit = CommonOptions.IntOption("--limit", "At most this many migrations (1–1000, default 100).", minimum: 1, maximum: 1000);
        var json = CommonOptions.Json();
        var command = new Command("list", "List migrations with their state, time, write pause and verification.") { tenant, state, limit, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var migrations = await client.ListMigrationsAsync(parseResult.GetValue(tenant), parseResult.GetValue(state), parseResult.GetValue(limit), ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, migrations as List<Migration> ?? [.. migrations]);
                    return;
                }

                var console = runner.Context.Out;
                if (migrations.Count == 0)
                {
                    console.MarkupLine("No migrations. Move a tenant with [bold]cellctl tenants move <tenant> --to <cell>[/].");
                    return;
                }

                console.Write(MigrationRendering.BuildTable(migrations, runner.Context.TimeProvider.GetUtcNow()));
                console.MarkupLine(MigrationRendering.Tally(migrations));
            },
            cancellationToken));
        return command;
    }

    private static Command Show(ApiCommandRunner runner)
    {
        var id = CommonOptions.WorkflowId("migration", "The migration to show, e.g. mig-4.");
        var wait = new Option<bool>("--wait") { Description = "Follow it until the tenant serves from its new cell or the move ends; exit code 1 unless it moved." };
        var json = CommonOptions.Json();
        var command = new Command("show", "Show a migration phase by phase: durations, write pause and verification.") { id, wait, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var migration = await client.GetMigrationAsync(parseResult.GetRequiredValue(id), ct);
                var asJson = parseResult.GetValue(json);
                if (parseResult.GetValue(wait) && !MigrationRendering.IsSettled(migration.State))
                {
                    return await FollowAsync(runner, client, migration, noWait: false, asJson, ct);
                }

                if (asJson)
                {
                    JsonOutput.Write(runner.Context.RawOut, migration);
                }
                else
                {
                    MigrationRendering.WriteDetails(runner.Context.Out, migration, runner.Context.TimeProvider.GetUtcNow());
                }

                return parseResult.GetValue(wait) && !MigrationRendering.Succeeded(migration.State) ? 1 : 0;
            },
            cancellationToken));
        return command;
    }

    private static Command Abort(ApiCommandRunner runner)
    {
        var id = CommonOptions.WorkflowId("migration", "The migration to abort.");
        var json = CommonOptions.Json();
        var command = new Command("abort", "Roll a migration back: the source keeps serving the tenant. Only before the switch; after it, use reverse.") { id, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var migration = await client.AbortMigrationAsync(parseResult.GetRequiredValue(id), ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, migration);
                    return;
                }

                var mid = Markup.Escape(migration.Id);
                runner.Context.Out.MarkupLine(migration.State == MigrationState.Aborted
                    ? $"Migration [bold]{mid}[/] is {Styles.State(migration.State)}: {Markup.Escape(migration.Tenant)} stays in {Markup.Escape(migration.From)}."
                    : $"Abort requested for [bold]{mid}[/] ({Styles.State(migration.State)}): it rolls back and {Markup.Escape(migration.Tenant)} stays in {Markup.Escape(migration.From)}. "
                        + $"[grey]Follow it with[/] cellctl migrations show {mid} --wait");
            },
            cancellationToken));
        return command;
    }

    private static Command Reverse(ApiCommandRunner runner)
    {
        var id = CommonOptions.WorkflowId("migration", "The finished migration to undo.");
        var noWait = NoWait();
        var json = CommonOptions.Json();
        var command = new Command("reverse", "Move the tenant of a switched migration back to where it came from (a new migration).") { id, noWait, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var migration = await client.ReverseMigrationAsync(parseResult.GetRequiredValue(id), ct);
                return await FollowAsync(runner, client, migration, parseResult.GetValue(noWait), parseResult.GetValue(json), ct);
            },
            cancellationToken));
        return command;
    }

    /// <summary>Follows a just-created migration (unless <paramref name="noWait"/>) and prints the outcome; 1 unless the tenant moved.</summary>
    private static async Task<int> FollowAsync(ApiCommandRunner runner, ControlPlaneClient client, Migration migration, bool noWait, bool asJson, CancellationToken cancellationToken)
    {
        if (noWait)
        {
            if (asJson)
            {
                JsonOutput.Write(runner.Context.RawOut, migration);
            }
            else
            {
                runner.Context.Out.MarkupLine(
                    $"Planned {MigrationRendering.Title(migration)}, now {Styles.State(migration.State)}. "
                    + $"[grey]Follow it with[/] cellctl migrations show {Markup.Escape(migration.Id)} --wait");
            }

            return 0;
        }

        var final = await new MigrationFollower(client, runner.Context).FollowAsync(migration, quiet: asJson, cancellationToken);
        var moved = MigrationRendering.Succeeded(final.State);
        if (asJson)
        {
            JsonOutput.Write(runner.Context.RawOut, final);
        }
        else
        {
            // A failed move is an error: its reason goes to stderr, where scripts look.
            MigrationRendering.WriteSummary(moved ? runner.Context.Out : runner.Context.Error, final);
        }

        return moved ? 0 : 1;
    }

    private static Option<bool> NoWait() =>
        new("--no-wait") { Description = "Return once the migration is planned instead of following it." };
}
