using System.Diagnostics;
using Cellular.Core.Processes;

namespace Cellular.ControlPlane.Providers.Commands;

/// <summary>
/// Runs each command in a process group of its own (through <c>setsid</c>), so a command that
/// runs too long is killed with everything it started in the foreground; what it started with
/// <c>setsid</c> or <c>nohup</c> in a session of its own (the cell's workload) is left alone.
/// </summary>
internal static class ProcessGroups
{
    private static readonly string? SetsidPath = new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists);

    /// <summary>A start info for <c>/bin/sh -c command</c>, as a process group leader when <c>setsid</c> is available.</summary>
    public static ProcessStartInfo Shell(string command)
    {
        var start = new ProcessStartInfo(SetsidPath ?? "/bin/sh") { UseShellExecute = false };
        if (SetsidPath is not null)
        {
            // --wait: should setsid have to fork, it still exits with the command's status when the command ends.
            start.ArgumentList.Add("--wait");
            start.ArgumentList.Add("/bin/sh");
        }

        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        return start;
    }

    /// <summary>Kills <paramref name="process"/>'s group, or, where it has none of its own, its process tree.</summary>
    public static void Kill(Process process)
    {
        if (SetsidPath is not null && PosixSignals.TrySend(-process.Id, PosixSignals.SigKill))
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }
}
