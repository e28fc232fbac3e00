using Cellular.Cli.Local;
using Cellular.Testing;

namespace Cellular.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A second router started from a copy of the stack's current table file (and of the tenant
/// assertion keys the router keeps beside it, <c>assertion-keys.json</c>, without which it could
/// sign nothing) and pointed at a control plane that does not exist: a router partitioned from
/// the control plane.
/// </summary>
public sealed class StaleRouter : IAsyncDisposable
{
    private readonly ManagedProcess _process;

    private StaleRouter(ManagedProcess process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<StaleRouter> StartAsync(Stack stack)
    {
        var dir = Path.Combine(stack.DataDirectory, "stale-router");
        Directory.CreateDirectory(dir);
        var table = Path.Combine(dir, "routing-table.json");
        await stack.WaitForRouterTableOnDiskAsync();
        File.Copy(stack.TableFile, table, overwrite: true);
        var keys = Path.Combine(Path.GetDirectoryName(stack.TableFile)!, "assertion-keys.json");
        await Stack.EventuallyAsync(() => Task.FromResult(File.Exists(keys)), TimeSpan.FromSeconds(15), $"the router to keep its assertion keys in {keys}");
        File.Copy(keys, Path.Combine(dir, "assertion-keys.json"), overwrite: true);
        var port = FreePort.Next();
        var artifacts = stack.Local.Artifacts;
        var process = new ManagedProcess(new ManagedProcessStartInfo(
            "stale-router",
            artifacts.DotnetPath,
            [
                artifacts.Router,
                "--urls", $"http://127.0.0.1:{port}",
                $"--Cellular:Router:ControlPlaneUrl=http://127.0.0.1:{FreePort.Next()}",
                $"--Cellular:Router:TableFile={table}",
                "--Cellular:Router:Cutover:HoldTimeout=00:00:01",
            ],
            Path.Combine(dir, "router.log"))
        {
            WorkingDirectory = Path.GetDirectoryName(artifacts.Router)!,
        });
        process.Start();
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await Stack.EventuallyAsync(
            async () => (await client.GetAsync("/_router/health")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60),
            "the stale router to start");
        return new StaleRouter(process, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.StopGracefullyAsync(TimeSpan.FromSeconds(5));
        await _process.DisposeAsync();
    }
}
