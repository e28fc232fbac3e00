using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellular.Cli.Local;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The deployment tests' fleet: a real stack whose control plane bakes and judges quickly, one
/// <c>staging</c> cell (<see cref="StagingCell"/>) and prod cells <c>c1</c>…, each holding its own
/// tenants (<c>stg-…</c> on staging, <c>prod-{cell}-…</c> on prod cells, by default 5, 3, 2 and 1 so
/// their traffic differs against the order of their ids: the default plan orders prod cells lowest
/// traffic first, which is then c4, c3, c2, c1, and ordering by id would show),
/// a note written for every tenant before anything is deployed, and steady reads through the router.
/// </summary>
internal sealed class DeploymentFleet : IAsyncDisposable
{
    /// <summary>The staging cell's id.</summary>
    public const string StagingCell = "s1";

    /// <summary>The version every cell starts on.</summary>
    public const string InitialVersion = "1.0.0";

    /// <summary>Deployment settings kept short; the requests set their own bakes.</summary>
    public static readonly string[] FastDeployments =
    [
        "--Cellular:ControlPlane:Deployments:BakeSeconds=3",
        "--Cellular:ControlPlane:Deployments:GateInterval=00:00:00.500",
        "--Cellular:ControlPlane:Deployments:DrainTime=00:00:00.500",
    ];

    private DeploymentFleet(Stack stack, IReadOnlyList<string> prodCells, IReadOnlyList<TenantView> tenants)
    {
        Stack = stack;
        ProdCells = prodCells;
        Tenants = tenants;
        Load = new TrafficLoad(stack.Router, tenants);
    }

    public Stack Stack { get; }

    /// <summary>The prod cells, <c>c1</c>….</summary>
    public IReadOnlyList<string> ProdCells { get; }

    /// <summary>The staging cell first, then the prod cells.</summary>
    public IReadOnlyList<string> Cells => (HasStaging ? [StagingCell] : Array.Empty<string>()).Concat(ProdCells).ToArray();

    public bool HasStaging => Tenants.Any(t => t.Cell == StagingCell);

    public IReadOnlyList<TenantView> Tenants { get; }

    /// <summary>Reads through the router over every tenant, from the moment the fleet is up.</summary>
    public TrafficLoad Load { get; }

    /// <summary>
    /// Starts the fleet: prod cells with <paramref name="prodTenants"/> tenants each (default 5, 3, 2, 1),
    /// and when <paramref name="staging"/> the staging cell with two.
    /// </summary>
    public static async Task<DeploymentFleet> StartAsync(
        bool staging = true,
        IReadOnlyList<int>? prodTenants = null,
        IReadOnlyList<string>? controlPlaneArguments = null)
    {
        prodTenants ??= [5, 3, 2, 1];
        var stack = await Stack.StartAsync(cells: prodTenants.Count, controlPlaneArguments: [.. FastDeployments, .. controlPlaneArguments ?? []]);
        try
        {
            var tenants = new List<TenantView>();
            if (staging)
            {
                await stack.Local.Client.CreateCellAsync(new CreateCellRequest(StagingCell, Provider: "process", Stage: "staging"));
                tenants.AddRange(await stack.CreateTenantsAsync(2, "stg", StagingCell));
            }

            var prodCells = Enumerable.Range(1, prodTenants.Count).Select(i => $"c{i}").ToArray();
            for (var i = 0; i < prodCells.Length; i++)
            {
                tenants.AddRange(await stack.CreateTenantsAsync(prodTenants[i], $"prod-{prodCells[i]}", prodCells[i]));
            }

            foreach (var tenant in tenants)
            {
                using var write = await stack.WriteNoteAsync(tenant.Id, NoteOf(tenant.Id));
                Assert.Equal(HttpStatusCode.Created, write.StatusCode);
            }

            return new DeploymentFleet(stack, prodCells, tenants);
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>The note written for a tenant before any deployment.</summary>
    public static string NoteOf(string tenant) => $"{tenant} before the deployment";

    public IReadOnlyList<TenantView> TenantsOf(string cell) => Tenants.Where(t => t.Cell == cell).ToArray();

    /// <summary>Waits until the router has finished enough requests for each cell's tenants (so the traffic-ordered plan has data).</summary>
    public Task WaitForTrafficAsync(long perTenant = 20) =>
        Stack.EventuallyAsync(
            () => Task.FromResult(Tenants.All(t => Load.ByTenant[t.Id].Ok + Load.ByTenant[t.Id].Failed >= perTenant)),
            TimeSpan.FromSeconds(30),
            $"{perTenant} requests for every tenant");

    /// <summary>Failures each tenant of <paramref name="cells"/> saw since the load started (status codes), only those with any.</summary>
    public IReadOnlyList<string> FailuresOf(IEnumerable<string> cells)
    {
        var set = cells.ToHashSet(StringComparer.Ordinal);
        return Tenants.Where(t => set.Contains(t.Cell))
            .Select(t => (t, o: Load.ByTenant[t.Id]))
            .Where(x => x.o.Failed > 0)
            .Select(x => $"{x.t.Id} on {x.t.Cell}: {x.o.Failed} failed of {x.o.Ok + x.o.Failed} ({string.Join(",", x.o.FailureStatuses.Order().Distinct())})")
            .ToArray();
    }

    /// <summary>Asserts every tenant still reads the note written before the deployment.</summary>
    public async Task AssertNotesReadableAsync()
    {
        foreach (var tenant in Tenants)
        {
            using var read = await Stack.ReadNotesAsync(tenant.Id);
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"{tenant.Id} read answered {(int)read.StatusCode}: {await read.Content.ReadAsStringAsync()}");
            var texts = (await read.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(n => n.GetProperty("text").GetString()).ToArray();
            Assert.Contains(NoteOf(tenant.Id), texts);
        }
    }

    /// <summary><c>GET /_cell/info</c> of a cell, from the process serving at its current endpoint.</summary>
    public async Task<CellInfo> CellInfoAsync(string cell)
    {
        using var client = await Stack.CellControlClientAsync(cell);
        return (await client.GetFromJsonAsync("/_cell/info", CellularJsonContext.Default.CellInfo))!;
    }

    /// <summary>The running processes of each cell of this stack, by cell (found by their command lines).</summary>
    public IReadOnlyDictionary<string, int[]> CellProcesses() =>
        CellProcessFinder.Find(Stack.Local.CellsDirectory)
            .GroupBy(p => p.CellId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.ProcessId).Order().ToArray(), StringComparer.Ordinal);

    /// <summary>The <c>cell.release</c> audit entries, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReleaseAuditAsync() =>
        (await Stack.Local.Client.ListAuditAsync(limit: 500, action: "cell.release")).Items.OrderBy(e => e.Id).ToArray();

    /// <summary>
    /// Environment variable naming a folder to keep each fleet's logs in (control plane, router,
    /// every cell's <c>cell.log</c>) when it is disposed, for looking into a failure afterwards.
    /// </summary>
    public const string KeepLogsVariable = "CELLULAR_E2E_KEEP_LOGS";

    public async ValueTask DisposeAsync()
    {
        await Load.DisposeAsync();
        await Stack.Local.StopAsync();
        KeepLogs();
        await Stack.DisposeAsync();
    }

    private void KeepLogs()
    {
        if (Environment.GetEnvironmentVariable(KeepLogsVariable) is not { Length: > 0 } keep)
        {
            return;
        }

        var target = Path.Combine(keep, Path.GetFileName(Stack.DataDirectory));
        foreach (var log in Directory.EnumerateFiles(Stack.DataDirectory, "*.log", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(Stack.DataDirectory, log));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(log, copy, overwrite: true);
        }
    }
}
