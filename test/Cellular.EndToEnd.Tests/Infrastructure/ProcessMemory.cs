using System.Globalization;

namespace Cellular.EndToEnd.Tests.Infrastructure;

/// <summary>A process's resident memory as Linux reports it.</summary>
internal static class ProcessMemory
{
    /// <summary><c>VmRSS</c> of <c>/proc/{pid}/status</c>, in bytes.</summary>
    public static long ResidentBytes(int processId)
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{processId}/status has no VmRSS line.");
    }
}
