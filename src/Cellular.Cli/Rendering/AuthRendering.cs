using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

/// <summary>API keys: the one-time token, and the list.</summary>
internal static class AuthRendering
{
    /// <summary>After <c>auth keys create</c>, on stderr: what was made, and that the token will not be shown again.</summary>
    public static void WriteCreated(IAnsiConsole console, CreatedApiKey key)
    {
        var expiry = key.ExpiresAt is { } at ? $"expires {Styles.Time(at)}" : "never expires";
        console.MarkupLine($"Created key [bold]{Markup.Escape(key.Name)}[/] (role [bold]{key.Role}[/], {expiry}).");
        console.MarkupLine(
            "[yellow]warning:[/] the token above is shown this once and never again (the control plane keeps only its hash). "
            + "Store it now; use it with --token or CELLULAR_TOKEN.");
    }

    /// <summary><c>auth keys list</c>.</summary>
    public static void WriteKeys(IAnsiConsole console, IReadOnlyList<ApiKeyView> keys, DateTimeOffset now)
    {
        if (keys.Count == 0)
        {
            console.MarkupLine("No keys. Create one with [bold]cellctl auth keys create <name> --role ReadOnly[/].");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("NAME");
        table.AddColumn("ROLE");
        table.AddColumn("STATE");
        table.AddColumn("EXPIRES");
        table.AddColumn("LAST USED");
        table.AddColumn("CREATED");
        table.AddColumn("BY");
        foreach (var key in keys)
        {
            table.AddRow(
                Markup.Escape(key.Name),
                key.Role.ToString(),
                State(key, now),
                key.ExpiresAt is { } expires ? Styles.Time(expires) : "[grey]never[/]",
                key.LastUsedAt is { } used ? Styles.Ago(used, now) : "[grey]never[/]",
                Styles.Time(key.CreatedAt),
                Markup.Escape(key.CreatedBy));
        }

        console.Write(table);
    }

    private static string State(ApiKeyView key, DateTimeOffset now) =>
        key.RevokedAt is not null ? "[red]revoked[/]"
        : key.ExpiresAt is { } expires && expires <= now ? "[yellow]expired[/]"
        : "[green]active[/]";
}
