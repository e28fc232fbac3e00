using System.ComponentModel;
using System.Diagnostics;

namespace Cellular.Cli.Commands;

/// <summary>
/// Opens a URL in the user's browser: the command in <c>$BROWSER</c> when set (as many tools
/// honour), else the platform's opener (<c>xdg-open</c>, <c>open</c>, the Windows shell).
/// </summary>
internal static class BrowserLauncher
{
    /// <summary>Starts the browser; returns why it could not, or null when it started.</summary>
    public static string? TryOpen(string url, Func<string, string?> environment)
    {
        var browser = environment("BROWSER");
        ProcessStartInfo start;
        if (!string.IsNullOrWhiteSpace(browser))
        {
            start = new ProcessStartInfo(browser.Trim()) { ArgumentList = { url } };
        }
        else if (OperatingSystem.IsWindows())
        {
            start = new ProcessStartInfo(url) { UseShellExecute = true };
        }
        else if (OperatingSystem.IsMacOS())
        {
            start = new ProcessStartInfo("open") { ArgumentList = { url } };
        }
        else if (string.IsNullOrEmpty(environment("DISPLAY")) && string.IsNullOrEmpty(environment("WAYLAND_DISPLAY")))
        {
            return "there is no display (DISPLAY and WAYLAND_DISPLAY are unset) and BROWSER is not set";
        }
        else
        {
            start = new ProcessStartInfo("xdg-open") { ArgumentList = { url } };
        }

        start.RedirectStandardOutput = !start.UseShellExecute;
        start.RedirectStandardError = !start.UseShellExecute;
        try
        {
            using var process = Process.Start(start);
            return process is null ? $"{start.FileName} did not start" : null;
        }
        catch (Win32Exception e)
        {
            return $"{start.FileName} could not be started: {e.Message}";
        }
    }
}
