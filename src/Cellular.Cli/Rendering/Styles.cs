using System.Globalization;
using Cellular.Core.Model;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

/// <summary>The few formatting rules every view shares: state colours, times, escaping.</summary>
internal static class Styles
{
    /// <summary>A cell state in its colour: green serving, yellow draining, red failing.</summary>
    public static string State(CellState state) =>
        state switch
        {
            CellState.Active => "[green]Active[/]",
            CellState.Draining => "[yellow]Draining[/]",
            CellState.Provisioning => "[blue]Provisioning[/]",
            CellState.Unhealthy => "[red]Unhealthy[/]",
            CellState.Quarantined => "[fuchsia]Quarantined[/]",
            CellState.Retired => "[grey]Retired[/]",
            _ => Markup.Escape(state.ToString()),
        };

    /// <summary>A health status word in its colour.</summary>
    public static string Health(string status) =>
        status.Equals("Healthy", StringComparison.OrdinalIgnoreCase) ? "[green]" + Markup.Escape(status) + "[/]"
        : status.Equals("Degraded", StringComparison.OrdinalIgnoreCase) ? "[yellow]" + Markup.Escape(status) + "[/]"
        : "[red]" + Markup.Escape(status) + "[/]";

    /// <summary>Escaped text, or a grey dash for nothing.</summary>
    public static string Text(string? value) => string.IsNullOrEmpty(value) ? "[grey]-[/]" : Markup.Escape(value);

    /// <summary>A point in time, UTC, to the second.</summary>
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>How long ago <paramref name="value"/> was, e.g. <c>3s ago</c>.</summary>
    public static string Ago(DateTimeOffset value, DateTimeOffset now)
    {
        var age = now - value;
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return age.TotalSeconds < 90 ? $"{age.TotalSeconds:0}s ago"
            : age.TotalMinutes < 90 ? $"{age.TotalMinutes:0}m ago"
            : age.TotalHours < 48 ? $"{age.TotalHours:0}h ago"
            : $"{age.TotalDays:0}d ago";
    }

    /// <summary>Load against capacity, e.g. <c>12/1000 (1%)</c>.</summary>
    public static string Load(int load, int capacity) =>
        capacity <= 0 ? $"{load}/{capacity}" : string.Create(CultureInfo.InvariantCulture, $"{load}/{capacity} ({100.0 * load / capacity:0}%)");
}
