using System.Globalization;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

/// <summary>Tenants as tables and detail views.</summary>
internal static class TenantRendering
{
    /// <summary>A table of tenants.</summary>
    public static Table BuildTable(IEnumerable<TenantView> tenants)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("TENANT");
        table.AddColumn("CELL");
        table.AddColumn(new TableColumn("WEIGHT").RightAligned());
        table.AddColumn("PINNED");
        table.AddColumn(new TableColumn("EPOCH").RightAligned());
        table.AddColumn("UPDATED");
        foreach (var tenant in tenants)
        {
            table.AddRow(
                Markup.Escape(tenant.Id),
                Markup.Escape(tenant.Cell),
                tenant.Weight.ToString(CultureInfo.InvariantCulture),
                tenant.Pinned ? "[yellow]pinned[/]" : "[grey]no[/]",
                tenant.Epoch.ToString(CultureInfo.InvariantCulture),
                Styles.Time(tenant.UpdatedAt));
        }

        return table;
    }

    /// <summary><c>tenants list</c>: one page (or all of them), and how to get the next page.</summary>
    public static void WritePage(IAnsiConsole console, Page<TenantView> page)
    {
        if (page.Items.Count == 0)
        {
            console.MarkupLine(page.Total == 0
                ? "No tenants yet. Create one with [bold]cellctl tenants create <id>[/]."
                : $"No tenants on this page ({page.Total} in total).");
            return;
        }

        console.Write(BuildTable(page.Items));
        var shown = page.Items.Count == page.Total ? $"{page.Total} {(page.Total == 1 ? "tenant" : "tenants")}" : $"{page.Items.Count} of {page.Total} tenants";
        console.MarkupLine(page.Next is null
            ? shown
            : $"{shown}; next page: [bold]--after {Markup.Escape(page.Next)}[/] (or [bold]--all[/])");
    }

    /// <summary>One tenant in full.</summary>
    public static void WriteDetails(IAnsiConsole console, TenantView tenant)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[grey]Tenant[/]", $"[bold]{Markup.Escape(tenant.Id)}[/]");
        grid.AddRow("[grey]Cell[/]", Markup.Escape(tenant.Cell));
        grid.AddRow("[grey]Weight[/]", tenant.Weight.ToString(CultureInfo.InvariantCulture));
        grid.AddRow("[grey]Pinned[/]", tenant.Pinned ? "[yellow]yes[/] (routed by rule pin)" : "no");
        grid.AddRow("[grey]Epoch[/]", tenant.Epoch.ToString(CultureInfo.InvariantCulture));
        grid.AddRow("[grey]Created[/]", Styles.Time(tenant.CreatedAt));
        grid.AddRow("[grey]Updated[/]", Styles.Time(tenant.UpdatedAt));
        console.Write(grid);
    }
}
