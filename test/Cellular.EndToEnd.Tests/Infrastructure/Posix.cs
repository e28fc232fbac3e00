using System.Runtime.InteropServices;

namespace Cellular.EndToEnd.Tests.Infrastructure;

/// <summary>Signals for the processes the tests start (Ctrl+C is SIGINT).</summary>
internal static partial class Posix
{
    public const int SigInt = 2;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
