using System.Runtime.InteropServices;

namespace Cellular.ControlPlane.Providers.Processes;

/// <summary>
/// SIGTERM for cell processes: .NET's <see cref="System.Diagnostics.Process.Kill()"/> sends SIGKILL, which gives
/// the cell no chance to finish requests and close its store.
/// </summary>
internal static partial class PosixSignals
{
    private const int Sigterm = 15;

    /// <summary>Sends SIGTERM; false when the process is gone or this is not a POSIX system.</summary>
    public static bool TryTerminate(int processId) => !OperatingSystem.IsWindows() && Kill(processId, Sigterm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
