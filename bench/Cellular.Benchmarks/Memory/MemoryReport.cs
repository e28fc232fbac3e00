using System.Diagnostics;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Cellular.Benchmarks.Data;
using Cellular.Benchmarks.Lookup;
using Cellular.Core.Json;
using Cellular.Core.Routing;

namespace Cellular.Benchmarks.Memory;

/// <summary>
/// What BenchmarkDotNet does not measure: the memory a built table keeps alive (bytes per
/// tenant, from <see cref="GC.GetTotalMemory(bool)"/> around a build whose snapshot is then
/// dropped), the size of the snapshot on the wire and on disk, and a cold first apply.
/// </summary>
public static class MemoryReport
{
    /// <summary>Prints the report; <paramref name="sizes"/> are the tenant counts to measure.</summary>
    public static void Run(TextWriter output, IReadOnlyList<int> sizes)
    {
        output.WriteLine($"Cellular memory report — .NET {Environment.Version}, {Environment.ProcessorCount} CPUs, Server GC: {System.Runtime.GCSettings.IsServerGC}");
        output.WriteLine();

        ColdApply(output, 1_000_000);

        output.WriteLine("| table | tenants | id length | retained bytes | bytes/tenant |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var tenants in sizes)
        {
            Row(output, "RoutingTable (compact map)", tenants, id: null, s => RoutingTable.FromSnapshot(s));
        }

        Row(output, "RoutingTable (compact map)", sizes[0], GuidId, s => RoutingTable.FromSnapshot(s));
        foreach (var tenants in sizes)
        {
            Row(output, "previous Dictionary<string, TenantEntry> + its key strings", tenants, id: null, s => new PreviousDictionaryTable(s));
        }

        output.WriteLine();
        Sizes(output, 1_000_000);
    }

    private static void ColdApply(TextWriter output, int tenants)
    {
        var file = RoutingTableFile.Serialize(SnapshotGenerator.Create(tenants, cells: 100));
        GC.Collect();
        var clock = Stopwatch.StartNew();
        var snapshot = RoutingTableFile.ReadSnapshot(file);
        var read = clock.Elapsed;
        var table = RoutingTable.FromSnapshot(snapshot);
        var total = clock.Elapsed;
        output.WriteLine($"Cold first apply of a {tenants:N0}-tenant table file ({file.Length:N0} bytes), JIT included: " +
            $"read+verify+deserialise {read.TotalMilliseconds:F0} ms, build {(total - read).TotalMilliseconds:F0} ms, total {total.TotalMilliseconds:F0} ms ({table.TenantCount:N0} tenants).");
        output.WriteLine();
    }

    private static void Row(TextWriter output, string name, int tenants, Func<int, string>? id, Func<RoutingTableSnapshot, object> build)
    {
        var before = SettledHeapBytes();
        var table = BuildAndDropSnapshot(tenants, id, build);
        var after = SettledHeapBytes();
        GC.KeepAlive(table);

        var idLength = (id ?? (i => SnapshotGenerator.TenantId(i)))(0).Length;
        var retained = after - before;
        output.WriteLine($"| {name} | {tenants:N0} | {idLength} | {retained:N0} | {(double)retained / tenants:F1} |");
    }

    /// <summary>Live heap bytes after full, compacting collections (large object heap included).</summary>
    private static long SettledHeapBytes()
    {
        for (var i = 0; i < 3; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: false);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static object BuildAndDropSnapshot(int tenants, Func<int, string>? id, Func<RoutingTableSnapshot, object> build) =>
        build(SnapshotGenerator.Create(tenants, cells: 100, id: id));

    private static void Sizes(TextWriter output, int tenants)
    {
        var snapshot = SnapshotGenerator.Create(tenants, cells: 100);
        var json = JsonSerializer.SerializeToUtf8Bytes(snapshot, CellularJsonContext.Default.RoutingTableSnapshot);
        var file = RoutingTableFile.Serialize(snapshot);
        output.WriteLine("| form | tenants | bytes | bytes/tenant |");
        output.WriteLine("|---|---:|---:|---:|");
        output.WriteLine($"| snapshot JSON (GET /api/v1/routing-table) | {tenants:N0} | {json.Length:N0} | {(double)json.Length / tenants:F1} |");
        output.WriteLine($"| RoutingTableFile (last-known-good) | {tenants:N0} | {file.Length:N0} | {(double)file.Length / tenants:F1} |");
    }

    private static string GuidId(int i) => new Guid(i, (short)(i >> 16), (short)(i * 7), 1, 2, 3, 4, 5, 6, 7, 8).ToString("D");
}
