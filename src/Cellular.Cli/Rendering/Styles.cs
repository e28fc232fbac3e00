using System.Globalization;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

/// <summary>The few formatting rules every view shares: state colours, times, escaping.</summary>
internal static partial class Styles
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

    /// <summary>A ratio as a percentage with one decimal, e.g. <c>12.5%</c>.</summary>
    public static string Percent(double ratio) => string.Create(CultureInfo.InvariantCulture, $"{ratio * 100:0.0}%");

    /// <summary>Milliseconds of latency: one decimal below 10 ms, whole above, seconds from 10 s.</summary>
    public static string Ms(double milliseconds) =>
        milliseconds < 10 ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0.#} ms")
        : milliseconds < 10_000 ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000:0.#} s");

    /// <summary>An elapsed time: <c>850 ms</c>, <c>1.25 s</c>, <c>2m05s</c>.</summary>
    public static string Elapsed(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            value = TimeSpan.Zero;
        }

        return value.TotalMilliseconds < 1000 ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:0} ms")
            : value.TotalSeconds < 60 ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.00} s")
            : value.TotalHours < 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)value.TotalMinutes}m{value.Seconds:00}s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)value.TotalHours}h{value.Minutes:00}m");
    }

    /// <summary>A count with thousands separators, e.g. <c>12,345</c>.</summary>
    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>A byte count in B, KB, MB or GB (powers of 1024).</summary>
    public static string Bytes(long bytes) =>
        bytes < 1024 ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
        : bytes < 1024 * 1024 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB")
        : bytes < 1024L * 1024 * 1024 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GB");

    /// <summary>An experiment state in its colour: blue while it runs, green completed, yellow stopped, red aborted or failed.</summary>
    public static string State(ExperimentState state) =>
        state switch
        {
            ExperimentState.Pending => "[blue]Pending[/]",
            ExperimentState.Running => "[blue]Running[/]",
            ExperimentState.Completed => "[green]Completed[/]",
            ExperimentState.Stopped => "[yellow]Stopped[/]",
            ExperimentState.Aborted => "[red]Aborted[/]",
            ExperimentState.Failed => "[red]Failed[/]",
            _ => Markup.Escape(state.ToString()),
        };

    /// <summary>A migration state in its colour: blue while it moves data, green once the tenant is on its new cell, red when rolled back or failed.</summary>
    public static string State(MigrationState state) =>
        state switch
        {
            MigrationState.Planned => "[grey]Planned[/]",
            MigrationState.Copying or MigrationState.CatchingUp or MigrationState.Verifying => $"[blue]{state}[/]",
            MigrationState.Cutover => "[yellow]Cutover[/]",
            MigrationState.Switched or MigrationState.Soak or MigrationState.Complete => $"[green]{state}[/]",
            MigrationState.Aborted or MigrationState.Failed => $"[red]{state}[/]",
            _ => Markup.Escape(state.ToString()),
        };

    /// <summary>A blast-radius verdict: green <c>contained</c>, red <c>leaked</c>, yellow anything else.</summary>
    public static string Verdict(string? verdict) =>
        verdict switch
        {
            null or "" => "[grey]-[/]",
            "contained" => "[green]contained[/]",
            "leaked" => "[red bold]leaked[/]",
            _ => "[yellow]" + Markup.Escape(verdict) + "[/]",
        };

    /// <summary>Cuts <paramref name="value"/> to <paramref name="maximum"/> characters with an ellipsis; not escaped.</summary>
    public static string Truncate(string value, int maximum) =>
        value.Length <= maximum ? value : string.Concat(value.AsSpan(0, Math.Max(0, maximum - 1)), "…");

    /// <summary>The shortest of <c>45s</c>, <c>2m</c>, <c>1m30s</c>, <c>1h</c>, <c>1h0m5s</c> for a whole-second duration.</summary>
    public static string Duration(TimeSpan value)
    {
        var total = (long)Math.Round(value.TotalSeconds);
        if (total < 60)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{total}s");
        }

        var hours = total / 3600;
        var minutes = total % 3600 / 60;
        var seconds = total % 60;
        var text = hours > 0 ? string.Create(CultureInfo.InvariantCulture, $"{hours}h") : string.Empty;
        if (minutes > 0 || (hours > 0 && seconds > 0))
        {
            text += string.Create(CultureInfo.InvariantCulture, $"{minutes}m");
        }

        return seconds > 0 ? text + string.Create(CultureInfo.InvariantCulture, $"{seconds}s") : text;
    }
}
