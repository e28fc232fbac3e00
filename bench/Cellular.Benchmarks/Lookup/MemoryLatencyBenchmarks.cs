using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace Cellular.Benchmarks.Lookup;

/// <summary>
/// The floor under a cold table lookup: one load from a random cache line of an array as large as
/// a table, each load's address taken from the one before (a pointer chase over one random cycle,
/// so neither the prefetcher nor out-of-order execution can hide the latency). A lookup of a
/// random tenant in a 10M-tenant table needs at least one such load. With <see cref="HugePages"/>
/// the array is advised to transparent huge pages (Linux <c>madvise(MADV_HUGEPAGE)</c>) before it
/// is touched, to see how much of that floor is TLB misses.
/// </summary>
[MinColumn]
[MedianColumn]
public class MemoryLatencyBenchmarks
{
    private const int Steps = 1 << 16;
    private const int IntsPerLine = 64 / sizeof(int);
    private const int MadviseHugePage = 14;
    private const long HugePageSize = 2 << 20;

    private int[] _next = [];
    private int _position;

    /// <summary>Array size in MiB: cache-resident, and the sizes of a 1M- and a 10M-tenant table.</summary>
    [Params(4, 32, 256)]
    public int MiB { get; set; }

    [Params(false, true)]
    public bool HugePages { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var ints = (MiB << 20) / sizeof(int);
        _next = GC.AllocateUninitializedArray<int>(ints, pinned: true);
        if (HugePages && OperatingSystem.IsLinux())
        {
            var start = Marshal.UnsafeAddrOfPinnedArrayElement(_next, 0);
            var from = (start + HugePageSize - 1) & ~(HugePageSize - 1);
            var to = (start + ((long)ints * sizeof(int))) & ~(HugePageSize - 1);
            if (to > from && Madvise((nint)from, (nuint)(to - from), MadviseHugePage) != 0)
            {
                throw new InvalidOperationException($"madvise failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }

        // One random cycle through every cache line (Sattolo's shuffle), one int per line.
        var lines = ints / IntsPerLine;
        var order = new int[lines];
        for (var i = 0; i < lines; i++)
        {
            order[i] = i;
        }

        var random = new Random(7);
        for (var i = lines - 1; i > 0; i--)
        {
            var j = random.Next(i);
            (order[i], order[j]) = (order[j], order[i]);
        }

        Array.Clear(_next);
        for (var i = 0; i < lines; i++)
        {
            _next[order[i] * IntsPerLine] = order[(i + 1) % lines] * IntsPerLine;
        }

        _position = order[0] * IntsPerLine;
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public int DependentLoad()
    {
        var next = _next;
        var i = _position;
        for (var step = 0; step < Steps; step++)
        {
            i = next[i];
        }

        _position = i;
        return i;
    }

    [DllImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static extern int Madvise(nint address, nuint length, int advice);
}
