using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cellular.Cli.Local;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.EndToEnd.Tests.Infrastructure;
using Cellular.Testing;

namespace Cellular.EndToEnd.Tests.Replicas;

/// <summary>
/// Two control-plane replicas on one PostgreSQL (run by the stack from the machine's binaries) and
/// two routers: the stack's own, given [cp1, cp2], and a second one given [cp2, cp1], so each
/// long-polls a different replica. Leases last <see cref="LeaseTtl"/>, so a dead replica's work is
/// taken over quickly.
/// </summary>
public sealed class ReplicaStack : IAsyncDisposable
{
    /// <summary>The lease time the replicas run with.</summary>
    public static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(2);

    private readonly ManagedProcess _secondRouter;

    private ReplicaStack(Stack stack, ManagedProcess secondRouter, HttpClient secondRouterClient)
    {
        Stack = stack;
        _secondRouter = secondRouter;
        SecondRouter = secondRouterClient;
        Apis = [.. stack.Local.ApiUrls.Select(url =>
        {
            var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", stack.AdminToken);
            return client;
        })];
    }

    public Stack Stack { get; }

    /// <summary>The API of each replica (admin key).</summary>
    public IReadOnlyList<HttpClient> Apis { get; }

    /// <summary>The second router, long-polling cp2 first.</summary>
    public HttpClient SecondRouter { get; }

    public static async Task<ReplicaStack> StartAsync(int cells = 2, IReadOnlyList<string>? controlPlaneArguments = null, IReadOnlyList<string>? routerArguments = null)
    {
        var stack = await Stack.StartAsync(
            cells,
            routerArguments,
            [$"--Cellular:ControlPlane:Leases:Ttl={LeaseTtl}", .. controlPlaneArguments ?? []],
            store: LocalStack.Postgres,
            controlPlanes: 2);
        try
        {
            var (router, client) = await StartSecondRouterAsync(stack, routerArguments ?? []);
            return new ReplicaStack(stack, router, client);
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>The replica index (0 = cp1) whose log says it claimed <paramref name="lease"/> last, or -1.</summary>
    public int LastClaimerOf(string lease)
    {
        var last = -1;
        var lastAt = DateTime.MinValue;
        for (var i = 0; i < Stack.Local.ControlPlanes.Count; i++)
        {
            var log = ReadLog(i);
            if (log.Contains($"Claimed lease {lease} ", StringComparison.Ordinal) && File.GetLastWriteTimeUtc(Stack.Local.ControlPlanes[i].LogFile) >= lastAt)
            {
                last = i;
                lastAt = File.GetLastWriteTimeUtc(Stack.Local.ControlPlanes[i].LogFile);
            }
        }

        return last;
    }

    /// <summary>Replica <paramref name="index"/>'s log file as it is now.</summary>
    public string ReadLog(int index)
    {
        using var stream = new FileStream(Stack.Local.ControlPlanes[index].LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The migration as replica <paramref name="index"/> reads it.</summary>
    public async Task<Migration> GetMigrationAsync(int index, string id) =>
        (await Apis[index].GetFromJsonAsync($"/api/v1/migrations/{id}", CellularJsonContext.Default.Migration))!;

    /// <summary>Polls replica <paramref name="index"/> until the migration meets <paramref name="condition"/>.</summary>
    public async Task<Migration> WaitForMigrationAsync(int index, string id, Func<Migration, bool> condition, TimeSpan timeout, string what)
    {
        Migration? current = null;
        await Stack.EventuallyAsync(async () => condition(current = await GetMigrationAsync(index, id)), timeout, what);
        return current!;
    }

    /// <summary>The audit entries of <paramref name="action"/>, newest first, as replica <paramref name="index"/> reads them.</summary>
    public async Task<List<AuditEntry>> AuditAsync(int index, string action) =>
        (await Apis[index].GetFromJsonAsync($"/api/v1/audit?limit=1000&action={action}", CellularJsonContext.Default.PageAuditEntry))!.Items.ToList();

    public async ValueTask DisposeAsync()
    {
        SecondRouter.Dispose();
        foreach (var api in Apis)
        {
            api.Dispose();
        }

        await _secondRouter.StopGracefullyAsync(TimeSpan.FromSeconds(5));
        await _secondRouter.DisposeAsync();
        await Stack.DisposeAsync();
    }

    private static async Task<(ManagedProcess Router, HttpClient Client)> StartSecondRouterAsync(Stack stack, IReadOnlyList<string> routerArguments)
    {
        var dir = Path.Combine(stack.DataDirectory, "router-2");
        Directory.CreateDirectory(dir);
        var port = FreePort.Next();
        var artifacts = stack.Local.Artifacts;
        var urls = stack.Local.ApiUrls.Reverse().Select((url, i) => $"--Cellular:Router:ControlPlaneUrls:{i}={url.ToString().TrimEnd('/')}");
        var process = new ManagedProcess(new ManagedProcessStartInfo(
            "router-2",
            artifacts.DotnetPath,
            [
                artifacts.Router,
                "--urls", $"http://127.0.0.1:{port}",
                .. urls,
                $"--Cellular:Router:TableFile={Path.Combine(dir, "routing-table.json")}",
                $"--Cellular:Router:ControlPlaneTokenFile={stack.Local.RouterTokenFile}",
                $"--Cellular:Router:AdminTokenFile={stack.Local.RouterAdminTokenFile}",
                .. routerArguments,
            ],
            Path.Combine(stack.Local.LogDirectory, "router-2.log"))
        {
            WorkingDirectory = Path.GetDirectoryName(artifacts.Router)!,
        });
        process.Start();
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        var version = (await stack.Local.Client.GetHealthAsync()).TableVersion;
        await Stack.EventuallyAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>("/_router/health")).GetProperty("tableVersion").GetInt64() >= version,
            TimeSpan.FromSeconds(60),
            "the second router to start and take the table from cp2");
        return (process, client);
    }
}
