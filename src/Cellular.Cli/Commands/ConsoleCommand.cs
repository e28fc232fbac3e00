using System.CommandLine;
using Cellular.Cli.Rendering;
using Spectre.Console;

namespace Cellular.Cli.Commands;

/// <summary>
/// <c>cellctl console [--print]</c>: opens the web console signed in as the caller's key, through a
/// one-time link (single use, valid 60 s) so the key never appears in a URL or browser history.
/// </summary>
internal static class ConsoleCommand
{
    public static Command Create(ApiCommandRunner runner)
    {
        var print = new Option<bool>("--print")
        {
            Description = "Print the one-time sign-in link instead of opening a browser (it works once, within 60 seconds).",
        };
        var command = new Command("console", "Open the web console in your browser, signed in with your key.") { print };
        command.SetAction((parseResult, cancellationToken) => runner.RunAsync(
            parseResult,
            async (client, ct) =>
            {
                var link = await client.CreateConsoleLinkAsync(ct);
                var context = runner.Context;
                if (parseResult.GetValue(print))
                {
                    context.RawOut.WriteLine(link.Url);
                    context.RawOut.Flush();
                    return 0;
                }

                if (BrowserLauncher.TryOpen(link.Url, context.GetEnvironmentVariable) is { } failure)
                {
                    context.Error.MarkupLine($"[yellow]Could not open a browser:[/] {Markup.Escape(failure)}.");
                    context.Error.MarkupLine($"Open this link within {Styles.Duration(link.ExpiresAt - context.TimeProvider.GetUtcNow())} (it works once):");
                    context.RawOut.WriteLine(link.Url);
                    context.RawOut.Flush();
                    return 0;
                }

                context.Out.MarkupLine("Opened the console in your browser (the sign-in link works once, for 60 seconds).");
                return 0;
            },
            cancellationToken));
        return command;
    }
}
