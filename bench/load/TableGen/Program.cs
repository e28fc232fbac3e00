// Writes the routing inputs of the load comparison (bench/load/run.sh), all describing the same
// placement: tenant i (t0000000, t0000001, …) lives in cell c{(i % cells) + 1}, and cell cN listens
// on 127.0.0.1:{basePort + N - 1}.
//
//   routing-table.json   the router's last-known-good table file (RoutingTableFile format), read back
//                        and built once here so a file the router would refuse never reaches a run
//   nginx-tenants.map    body of an nginx `map $http_x_tenant_id $cell_upstream { … }` block
//   haproxy-tenants.map  HAProxy map file: `tenant cellN` per line
//
// Usage: TableGen <outDir> [tenants=1000000] [cells=10] [basePort=18101]
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cellular.Core.Model;
using Cellular.Core.Routing;

if (args.Length is < 1 or > 4)
{
    Console.Error.WriteLine("usage: TableGen <outDir> [tenants=1000000] [cells=10] [basePort=18101]");
    return 2;
}

var outDir = args[0];
var tenants = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
var cells = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
var basePort = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 18101;
if (tenants is < 1 or > 10_000_000 || cells is < 1 or > 1000 || basePort is < 1 or > 65535 - 1000)
{
    Console.Error.WriteLine("TableGen: tenants must be 1..10,000,000, cells 1..1000 and basePort 1..64535.");
    return 2;
}

Directory.CreateDirectory(outDir);
var clock = Stopwatch.StartNew();

static string TenantId(int i) => "t" + i.ToString("D7", CultureInfo.InvariantCulture);
static string CellId(int i, int cells) => "c" + ((i % cells) + 1).ToString(CultureInfo.InvariantCulture);

var cellSpecs = new CellRouteSpec[cells];
for (var c = 0; c < cells; c++)
{
    var port = (basePort + c).ToString(CultureInfo.InvariantCulture);
    cellSpecs[c] = new CellRouteSpec("c" + (c + 1).ToString(CultureInfo.InvariantCulture), "http://127.0.0.1:" + port, CellState.Active);
}

var tenantSpecs = new TenantRouteSpec[tenants];
for (var i = 0; i < tenants; i++)
{
    tenantSpecs[i] = new TenantRouteSpec(TenantId(i), CellId(i, cells), Epoch: 1, Pinned: false);
}

var snapshot = new RoutingTableSnapshot(
    RoutingTableSnapshot.CurrentFormat,
    Version: 1,
    GeneratedAt: TimeProvider.System.GetUtcNow(),
    FallbackSpec.Reject,
    cellSpecs,
    tenantSpecs);

var tableFile = Path.Combine(outDir, "routing-table.json");
var bytes = RoutingTableFile.Serialize(snapshot);
File.WriteAllBytes(tableFile, bytes);
var fileBytes = bytes.Length;

// Read it back exactly as the router does at start-up, so a bad file fails here, loudly; and
// measure what that costs: bytes allocated while loading, and what stays live afterwards.
snapshot = null;
tenantSpecs = null;
bytes = null;
var liveBefore = GC.GetTotalMemory(forceFullCollection: true);
var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
var table = RoutingTableFile.Read(File.ReadAllBytes(tableFile));
var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
var live = GC.GetTotalMemory(forceFullCollection: true) - liveBefore;
if (table.TenantCount != tenants || table.Cells.Count != cells)
{
    Console.Error.WriteLine($"TableGen: the table read back has {table.TenantCount} tenants and {table.Cells.Count} cells.");
    return 1;
}

GC.KeepAlive(table);
const double MiB = 1024.0 * 1024.0;
Console.WriteLine($"TableGen: loading the table file allocates {allocated / MiB:F0} MiB; the built table keeps {live / MiB:F1} MiB live");

WriteLines(Path.Combine(outDir, "nginx-tenants.map"), tenants, cells, (i, c) => $"{TenantId(i)} {c};");
WriteLines(Path.Combine(outDir, "haproxy-tenants.map"), tenants, cells, (i, c) => $"{TenantId(i)} {c}");

Console.WriteLine($"TableGen: {tenants} tenants over {cells} cells (ports {basePort}-{basePort + cells - 1}); table file {fileBytes / MiB:F1} MiB; {clock.Elapsed.TotalSeconds:F1} s");
return 0;

static void WriteLines(string path, int tenants, int cells, Func<int, string, string> line)
{
    using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 20);
    writer.NewLine = "\n";
    for (var i = 0; i < tenants; i++)
    {
        writer.WriteLine(line(i, CellId(i, cells)));
    }
}
