using System.Runtime.InteropServices;

namespace Cellular.Core.Processes;

/// <summary>
/// POSIX signals .NET does not send: <see cref="System.Diagnostics.Process.Kill()"/> is SIGKILL,
/// which gives a process no chance to finish its requests and close its store. The one
/// <c>kill(2)</c> import of the code base, shared by the control plane and <c>cellctl</c>.
/// </summary>
public static partial class PosixSignals
{
    /// <summary>SIGTERM: asks a process to stop (ASP.NET Core treats it as a graceful shutdown).</summary>
    public const int SigTerm = 15;

    /// <summary>SIGKILL: ends a process at once.</summary>
    public const int SigKill = 9;

    /// <summary>
    /// Sends <paramref name="signal"/> to <paramref name="processId"/> (a negative id names a
    /// process group, as in <c>kill(2)</c>); false when it was not delivered (the process is gone)
    /// or this is not a POSIX system.
    /// </summary>
    public static bool TrySend(int processId, int signal) => !OperatingSystem.IsWindows() && Kill(processId, signal) == 0;

    /// <summary>Sends SIGTERM; false when the process is gone or this is not a POSIX system.</summary>
    public static bool TryTerminate(int processId) => TrySend(processId, SigTerm);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
