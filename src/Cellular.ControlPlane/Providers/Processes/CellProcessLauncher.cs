using System.Diagnostics;

namespace Cellular.ControlPlane.Providers.Processes;

/// <summary>
/// Starts a cell program through <c>/bin/sh</c>, which redirects its output into its cell.log and
/// then <c>exec</c>s it, so the process id is the cell's own. The cell owns its log file
/// descriptors: with pipes to the control plane it would lose its stdout (and could crash
/// writing to it) when the control plane dies, and cells must outlive the control plane.
/// </summary>
internal static class CellProcessLauncher
{
    private const string Script = "exec \"$0\" \"$@\" </dev/null >>\"$CELLULAR_CELL_LOG\" 2>&1";

    public static Process Start(CellCommand command, IReadOnlyList<string> arguments, string logPath, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The process provider needs a POSIX shell (Linux or macOS); use static cells on Windows.");
        }

        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(command.FileName);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CELLULAR_CELL_LOG"] = logPath;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        return Process.Start(start) ?? throw new InvalidOperationException("The operating system did not start the process.");
    }
}
