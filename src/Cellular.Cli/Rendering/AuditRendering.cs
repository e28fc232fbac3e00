using System.Globalization;
using System.Text.Json;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

/// <summary>The audit log as a table, newest first.</summary>
internal static class AuditRendering
{
    private const int MaxDetail = 120;

    /// <summary><c>cellctl audit</c>: one page (or all of them), and how to get the next one.</summary>
    public static void WritePage(IAnsiConsole console, Page<AuditEntry> page)
    {
        if (page.Items.Count == 0)
        {
            console.MarkupLine(page.Total == 0 ? "No audit entries match." : $"No entries on this page ({page.Total} match in total).");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("ID").RightAligned());
        table.AddColumn("AT");
        table.AddColumn("ACTOR");
        table.AddColumn("ACTION");
        table.AddColumn("TARGET");
        table.AddColumn("DETAIL");
        foreach (var entry in page.Items)
        {
            table.AddRow(
                entry.Id.ToString(CultureInfo.InvariantCulture),
                Styles.Time(entry.At),
                Markup.Escape(entry.Actor),
                entry.Action.StartsWith("auth.denied", StringComparison.Ordinal) ? $"[red]{Markup.Escape(entry.Action)}[/]" : Markup.Escape(entry.Action),
                Styles.Text(entry.Target),
                Detail(entry.Detail));
        }

        console.Write(table);
        var shown = page.Items.Count == page.Total ? $"{page.Total} {(page.Total == 1 ? "entry" : "entries")}" : $"{page.Items.Count} of {page.Total} entries";
        console.MarkupLine(page.Next is null
            ? shown
            : $"{shown}; next page: [bold]--before {Markup.Escape(page.Next)}[/] (or [bold]--all[/])");
    }

    private static string Detail(JsonElement? detail) =>
        detail is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } value
            ? Markup.Escape(Styles.Truncate(value.GetRawText(), MaxDetail))
            : "[grey]-[/]";
}
