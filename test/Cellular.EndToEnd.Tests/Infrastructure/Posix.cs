using System.Globalization;
using System.Runtime.InteropServices;

namespace Cellular.EndToEnd.Tests.Infrastructure;

/// <summary>Signals for the processes the tests start (Ctrl+C is SIGINT).</summary>
internal static partial class Posix
{
    public const int SigInt = 2;

    private static readonly nint DefaultHandler = 0;
    private static readonly nint IgnoreHandler = 1;

    /// <summary>
    /// Starts a process that will react to SIGINT even when this one ignores it. A shell without job
    /// control starts background commands (<c>.ci/run &amp;</c>) with SIGINT ignored; children inherit
    /// that across exec and .NET keeps it (dotnet/corefx#25749), so a Ctrl+C test would find the
    /// process deaf to Ctrl+C. The default disposition is restored just for the start.
    /// </summary>
    public static System.Diagnostics.Process StartWithSigIntDefault(System.Diagnostics.ProcessStartInfo info)
    {
        if (!OperatingSystem.IsLinux() || !IsSigIntIgnored())
        {
            return System.Diagnostics.Process.Start(info)!;
        }

        Signal(SigInt, DefaultHandler);
        try
        {
            return System.Diagnostics.Process.Start(info)!;
        }
        finally
        {
            Signal(SigInt, IgnoreHandler);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signal, nint handler);

    // SigIgn in /proc/self/status: a hex mask of ignored signals, bit n − 1 for signal n.
    private static bool IsSigIntIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)
            && (mask & (1UL << (SigInt - 1))) != 0;
    }
}
