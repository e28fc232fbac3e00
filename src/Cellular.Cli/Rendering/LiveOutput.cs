using Spectre.Console;

namespace Cellular.Cli.Rendering;

/// <summary>Whether a console can redraw a live display in place; otherwise watchers print one line per change.</summary>
internal static class LiveOutput
{
    /// <summary>True for a terminal that understands ANSI cursor movement; false for pipes, log files and tests.</summary>
    public static bool IsSupported(IAnsiConsole console) =>
        console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi;
}
