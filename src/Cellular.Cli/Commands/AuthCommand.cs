using System.CommandLine;
using System.Text.RegularExpressions;
using Cellular.Cli.Rendering;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Commands;

/// <summary><c>cellctl auth keys create|list|revoke</c> and <c>cellctl auth whoami</c>.</summary>
internal static partial class AuthCommand
{
    public static Command Create(ApiCommandRunner runner)
    {
        var keys = new Command("keys", "Control plane API keys: random, shown once, stored hashed, each with a name, a role and an expiry.");
        keys.Subcommands.Add(CreateKey(runner));
        keys.Subcommands.Add(ListKeys(runner));
        keys.Subcommands.Add(RevokeKey(runner));
        var command = new Command("auth", "Who you are to the control plane, and its API keys.");
        command.Subcommands.Add(keys);
        command.Subcommands.Add(WhoAmI(runner));
        return command;
    }

    private static Command CreateKey(ApiCommandRunner runner)
    {
        var name = KeyName("Unique name of the key; the audit shows it as the actor.");
        var role = new Option<string>("--role")
        {
            Description = "ReadOnly (reads), CellOperator (drain, pins, moves, experiments), Admin (everything) or Router (a router's own key).",
            HelpName = "role",
            Required = true,
        };
        role.Validators.Add(result =>
        {
            if (result.Tokens is [var token, ..] && ParseRole(token.Value) is null)
            {
                result.AddError($"--role: '{token.Value}' is not one of ReadOnly, CellOperator, Admin, Router.");
            }
        });
        var expires = ExpiryOption.Create("--expires", "When the key stops working: 30d, 12h, or a date (2027-01-01); default never.", runner.Context);
        var json = CommonOptions.Json();
        var command = new Command("create", "Create a key and print its token: the only time it is shown.") { name, role, expires, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var request = new CreateApiKeyRequest(
                    parseResult.GetRequiredValue(name),
                    ParseRole(parseResult.GetRequiredValue(role))!.Value.ToString(),
                    parseResult.GetValue(expires));
                var created = await client.CreateApiKeyAsync(request, ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, created);
                }
                else
                {
                    // The token alone on stdout, so `TOKEN=$(cellctl auth keys create …)` works; the rest on stderr.
                    runner.Context.RawOut.WriteLine(created.Token);
                    runner.Context.RawOut.Flush();
                }

                AuthRendering.WriteCreated(runner.Context.Error, created);
            },
            cancellationToken));
        return command;
    }

    private static Command ListKeys(ApiCommandRunner runner)
    {
        var json = CommonOptions.Json();
        var command = new Command("list", "List every key (revoked ones too): name, role, expiry, last use. Never a token.") { json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var keys = await client.ListApiKeysAsync(ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, keys as List<ApiKeyView> ?? [.. keys]);
                }
                else
                {
                    AuthRendering.WriteKeys(runner.Context.Out, keys, runner.Context.TimeProvider.GetUtcNow());
                }
            },
            cancellationToken));
        return command;
    }

    private static Command RevokeKey(ApiCommandRunner runner)
    {
        var name = KeyName("The key to revoke.");
        var json = CommonOptions.Json();
        var command = new Command("revoke", "Revoke a key: it stops working at once and stays listed as revoked.") { name, json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var key = await client.RevokeApiKeyAsync(parseResult.GetRequiredValue(name), ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, key);
                }
                else
                {
                    runner.Context.Out.MarkupLine($"Revoked key [bold]{Markup.Escape(key.Name)}[/] (role {key.Role}); it no longer works.");
                }
            },
            cancellationToken));
        return command;
    }

    private static Command WhoAmI(ApiCommandRunner runner)
    {
        var json = CommonOptions.Json();
        var command = new Command("whoami", "Show the name and role the control plane knows your key by.") { json };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var me = await client.WhoAmIAsync(ct);
                if (parseResult.GetValue(json))
                {
                    JsonOutput.Write(runner.Context.RawOut, me);
                }
                else
                {
                    runner.Context.Out.MarkupLine(
                        $"[bold]{Markup.Escape(me.Name)}[/] (role [bold]{me.Role}[/], {Markup.Escape(me.Kind)}) at {Markup.Escape(client.BaseAddress.ToString())} "
                        + $"[grey]— key from {Markup.Escape(client.Credential.Source)}[/]");
                }
            },
            cancellationToken));
        return command;
    }

    private static Argument<string> KeyName(string description)
    {
        var argument = new Argument<string>("name") { Description = description };
        argument.Validators.Add(result =>
        {
            if (result.Tokens is [var token, ..] && !KeyNamePattern().IsMatch(token.Value))
            {
                result.AddError($"Key name '{token.Value}' is not 1–64 of letters, digits, '.', '_' and '-'.");
            }
        });
        return argument;
    }

    private static ApiRole? ParseRole(string text) =>
        Enum.TryParse<ApiRole>(text, ignoreCase: true, out var role) && Enum.IsDefined(role) && !text.Any(char.IsDigit) ? role : null;

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyNamePattern();
}
