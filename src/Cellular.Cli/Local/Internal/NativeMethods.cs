using System.Runtime.InteropServices;

namespace Cellular.Cli.Local.Internal;

/// <summary>POSIX calls .NET does not expose: sending SIGTERM, the polite way to ask a process to stop.</summary>
internal static partial class NativeMethods
{
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="processId"/>; true when it was delivered.</summary>
    public static bool TrySendSignal(int processId, int signal) =>
        !OperatingSystem.IsWindows() && SysKill(processId, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int sig);
}
