using System.Globalization;
using Cellular.Core.Routing;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

/// <summary><c>table show</c>: what the routers route by, in the words an operator uses to explain a routing decision.</summary>
internal static class RoutingTableRendering
{
    /// <summary>Header, cells, tenant counts and, when asked, every tenant row.</summary>
    public static void Write(IAnsiConsole console, RoutingTableSnapshot snapshot, bool showTenants)
    {
        var pinned = snapshot.Tenants.Count(t => t.Pinned);
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[grey]Version[/]", $"[bold]{snapshot.Version}[/]");
        grid.AddRow("[grey]Generated[/]", Styles.Time(snapshot.GeneratedAt));
        grid.AddRow("[grey]Format[/]", Markup.Escape(snapshot.Format));
        grid.AddRow("[grey]Fallback[/]", Markup.Escape(DescribeFallback(snapshot.Fallback)));
        grid.AddRow("[grey]Tenants[/]", $"{snapshot.Tenants.Count} ({pinned} pinned)");
        console.Write(grid);

        var tenantsPerCell = snapshot.Tenants.GroupBy(t => t.Cell, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var cells = new Table().Border(TableBorder.Rounded);
        cells.AddColumn("CELL");
        cells.AddColumn("STATE");
        cells.AddColumn("ENDPOINT");
        cells.AddColumn(new TableColumn("TENANTS").RightAligned());
        foreach (var cell in snapshot.Cells)
        {
            cells.AddRow(
                Markup.Escape(cell.Id),
                Styles.State(cell.State),
                Styles.Text(cell.Endpoint),
                tenantsPerCell.GetValueOrDefault(cell.Id).ToString(CultureInfo.InvariantCulture));
        }

        if (snapshot.Cells.Count == 0)
        {
            console.MarkupLine("[grey]No cells in the table.[/]");
        }
        else
        {
            console.Write(cells);
        }

        if (!showTenants)
        {
            return;
        }

        if (snapshot.Tenants.Count == 0)
        {
            console.MarkupLine("[grey]No tenants in the table.[/]");
            return;
        }

        var tenants = new Table().Border(TableBorder.Rounded);
        tenants.AddColumn("TENANT");
        tenants.AddColumn("CELL");
        tenants.AddColumn(new TableColumn("EPOCH").RightAligned());
        tenants.AddColumn("RULE");
        foreach (var tenant in snapshot.Tenants)
        {
            tenants.AddRow(
                Markup.Escape(tenant.Id),
                Markup.Escape(tenant.Cell),
                tenant.Epoch.ToString(CultureInfo.InvariantCulture),
                tenant.Pinned ? "[yellow]pin[/]" : "assignment");
        }

        console.Write(tenants);
    }

    /// <summary>E.g. <c>hashed-buckets (1024 buckets over 3 cells)</c>.</summary>
    public static string DescribeFallback(FallbackSpec fallback) =>
        fallback.Kind switch
        {
            FallbackKind.Reject => "reject (unknown tenants get 404)",
            FallbackKind.HashedBuckets when fallback.Buckets is { } buckets =>
                $"hashed-buckets ({buckets.Count} buckets over {buckets.Distinct(StringComparer.Ordinal).Count()} cells)",
            FallbackKind.HashedBuckets => "hashed-buckets",
            FallbackKind.ConsistentHash => fallback.VirtualNodes is { } nodes
                ? $"consistent-hash ({nodes} virtual nodes per Active cell)"
                : "consistent-hash",
            FallbackKind.KeyRanges => fallback.Ranges is { } ranges ? $"key-ranges ({ranges.Count} ranges)" : "key-ranges",
            _ => fallback.Kind.ToString(),
        };
}
