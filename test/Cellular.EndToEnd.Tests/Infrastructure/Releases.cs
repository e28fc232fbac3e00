using Cellular.Cli.Local;

namespace Cellular.EndToEnd.Tests.Infrastructure;

/// <summary>The programs the deployment tests deploy as releases.</summary>
internal static class Releases
{
    /// <summary>
    /// <c>Cellular.Testing.BadRelease.dll</c>: Notes failing a share of tenant requests while its
    /// health checks pass, built beside the other programs in <c>artifacts/bin</c>.
    /// </summary>
    public static string BadRelease
    {
        get
        {
            var controlPlaneDir = Path.GetDirectoryName(ArtifactLocator.ForCurrentProcess().Locate().ControlPlane)!;
            var dll = Path.GetFullPath(Path.Combine(
                controlPlaneDir, "..", "..", "Cellular.Testing.BadRelease", Path.GetFileName(controlPlaneDir), "Cellular.Testing.BadRelease.dll"));
            Assert.True(File.Exists(dll), $"the bad release is built at {dll}");
            return dll;
        }
    }

    /// <summary>
    /// Writes a release that never becomes healthy: a shell script that records its pid in
    /// <paramref name="pidFile"/> and then sleeps (exec keeps the pid), never listening anywhere.
    /// </summary>
    /// <returns>The script's path (mode 0755).</returns>
    public static string WriteNeverHealthy(string directory, string pidFile)
    {
        Directory.CreateDirectory(directory);
        var script = Path.Combine(directory, "never-healthy.sh");
        File.WriteAllText(script, $"#!/bin/sh\necho $$ >> '{pidFile}'\nexec sleep 600\n");
        if (OperatingSystem.IsWindows())
        {
            Assert.Fail("A shell-script release needs a POSIX system.");
        }
        else
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return script;
    }

    /// <summary>Whether a process with this id is alive (and not a zombie).</summary>
    public static bool IsAlive(int processId)
    {
        var status = $"/proc/{processId}/status";
        if (!File.Exists(status))
        {
            return false;
        }

        try
        {
            var state = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("State:", StringComparison.Ordinal));
            return state is null || !state["State:".Length..].TrimStart().StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
