using Cellular.Cli.Api;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

/// <summary>How failures look: red, short, and saying what to do next.</summary>
internal static class ErrorRendering
{
    /// <summary>An error answer of the control plane: its title and detail.</summary>
    public static void Write(IAnsiConsole console, ControlPlaneException exception)
    {
        console.MarkupLine($"[red]error:[/] [red bold]{Markup.Escape(exception.Title)}[/] [grey](HTTP {(int)exception.Status})[/]");
        if (!string.IsNullOrWhiteSpace(exception.Detail))
        {
            console.MarkupLine($"[red]{Markup.Escape(exception.Detail)}[/]");
        }
    }

    /// <summary>
    /// The control plane refused the key (401) or its role (403): which key was sent and why it
    /// was refused, then, on a line of its own, how to send another.
    /// </summary>
    public static void WriteRefused(IAnsiConsole console, ControlPlaneException exception, ApiCredential credential)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(credential);
        var reason = string.IsNullOrWhiteSpace(exception.Detail) ? exception.Title : exception.Detail;
        var status = (int)exception.Status;
        if (exception.Status == System.Net.HttpStatusCode.Forbidden)
        {
            console.MarkupLine(
                $"[red]error:[/] [red bold]the control plane refused {Markup.Escape(credential.Describe())}[/] [grey](HTTP {status})[/]: "
                + $"[red]{Markup.Escape(reason)}[/]");
            console.MarkupLine(
                "— its role may not do this: use a key with a role that may (pass --token or set CELLULAR_TOKEN); "
                + "[grey]`cellctl auth whoami` shows the key's name and role[/]");
            return;
        }

        var what = credential.GetToken() is null ? "the control plane wants a key and got " + credential.Describe() : "the control plane refused " + credential.Describe();
        console.MarkupLine($"[red]error:[/] [red bold]{Markup.Escape(what)}[/] [grey](HTTP {status})[/]: [red]{Markup.Escape(reason)}[/]");
        console.MarkupLine("— pass --token or set CELLULAR_TOKEN [grey](`cellctl up` writes the admin key to {data-dir}/admin-token)[/]");
    }

    /// <summary>No answer from the control plane.</summary>
    public static void Write(IAnsiConsole console, ControlPlaneUnreachableException exception)
    {
        console.MarkupLine(
            $"[red]error:[/] cannot reach the control plane at {Markup.Escape(UrlText.Of(exception.ApiUrl))} — is `cellctl up` running? "
            + "[grey](or pass --api / set CELLULAR_API)[/]");
        if (exception.InnerException is { } cause)
        {
            console.MarkupLine($"[grey]{Markup.Escape(cause.Message)}[/]");
        }
    }

    /// <summary>
    /// Any other failure with a message meant for people. Lines after the first (searched paths,
    /// a log's last lines) are written as they are, so they are not re-wrapped.
    /// </summary>
    public static void Write(IAnsiConsole console, string message)
    {
        var lines = message.ReplaceLineEndings("\n").Split('\n');
        console.MarkupLine($"[red]error:[/] [red]{Markup.Escape(lines[0])}[/]");
        if (lines.Length > 1)
        {
            var writer = console.Profile.Out.Writer;
            foreach (var line in lines.Skip(1))
            {
                writer.WriteLine(line);
            }

            writer.Flush();
        }
    }
}
