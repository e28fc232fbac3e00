using Cellular.Cli.Api;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

/// <summary><c>status</c>: is the control plane up, how are the cells, and is the router current.</summary>
internal static class StatusRendering
{
    /// <summary>The control plane's health in one block.</summary>
    public static void WriteControlPlane(IAnsiConsole console, Uri apiUrl, ControlPlaneHealth health, DateTimeOffset now)
    {
        console.MarkupLine($"[bold]Control plane[/] {Markup.Escape(UrlText.Of(apiUrl))}: {Styles.Health(health.Status)}");
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().Padding(2, 0, 2, 0)).AddColumn();
        grid.AddRow("[grey]Table version[/]", health.TableVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        grid.AddRow("[grey]Cells / tenants[/]", $"{health.Cells} / {health.Tenants}");
        grid.AddRow("[grey]Store[/]", Styles.Text(health.Store));
        grid.AddRow("[grey]Replica[/]", Styles.Text(health.Replica));
        grid.AddRow("[grey]Process[/]", $"pid {health.ProcessId}, up since {Styles.Time(health.StartedAt)} ({Styles.Ago(health.StartedAt, now)})");
        console.Write(grid);
    }

    /// <summary>The router's health, and whether it serves the control plane's current table.</summary>
    public static void WriteRouter(IAnsiConsole console, Uri routerUrl, RouterHealth health, long controlPlaneVersion, DateTimeOffset now)
    {
        console.MarkupLine($"[bold]Router[/] {Markup.Escape(UrlText.Of(routerUrl))}: {Styles.Health(health.Status)} — {DescribeFreshness(health, controlPlaneVersion, now)}");
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().Padding(2, 0, 2, 0)).AddColumn();
        grid.AddRow("[grey]Table version[/]", $"{health.TableVersion} (from {Markup.Escape(health.TableSource)})");
        grid.AddRow("[grey]Cells / tenants[/]", $"{health.Cells} / {health.Tenants}");
        grid.AddRow("[grey]Last sync[/]", health.LastSyncAt is { } at ? $"{Styles.Time(at)} ({Styles.Ago(at, now)})" : "[yellow]never[/]");
        if (!string.IsNullOrEmpty(health.LastError))
        {
            grid.AddRow("[grey]Last error[/]", $"[yellow]{Markup.Escape(health.LastError)}[/]");
        }

        grid.AddRow("[grey]Process[/]", $"pid {health.ProcessId}");
        console.Write(grid);
    }

    /// <summary>The router did not answer; not an error of <c>status</c>, which is about the control plane.</summary>
    public static void WriteRouterUnreachable(IAnsiConsole console, Uri routerUrl, string reason) =>
        console.MarkupLine($"[bold]Router[/] {Markup.Escape(UrlText.Of(routerUrl))}: [yellow]not reachable[/] [grey]({Markup.Escape(reason)})[/]");

    /// <summary>
    /// <c>current</c>, <c>behind</c> (serves an older version than the control plane has) or
    /// <c>stale</c> (has not heard from the control plane within its limit; keeps serving its last-known-good table).
    /// </summary>
    public static string DescribeFreshness(RouterHealth health, long controlPlaneVersion, DateTimeOffset now)
    {
        if (health.Stale)
        {
            var since = health.LastSyncAt is { } at ? $"since {Styles.Ago(at, now)}" : "ever";
            return $"[red]stale[/]: no contact with the control plane {since}; serving last-known-good table v{health.TableVersion}";
        }

        if (health.TableVersion < controlPlaneVersion)
        {
            return $"[yellow]behind[/]: serves table v{health.TableVersion}, the control plane is at v{controlPlaneVersion}";
        }

        return $"[green]current[/] (table v{health.TableVersion})";
    }
}
