using System.Net.Http.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Routing;
using Cellular.Router.Routing;
using Cellular.Router.Security;
using Cellular.Router.Sync;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cellular.Router.Tests.Infrastructure;

/// <summary>
/// The router, started in-process on a free loopback port with test configuration: its own
/// temporary directory for the table file, a short long-poll wait and, unless told otherwise, a
/// control plane URL nobody listens on.
/// </summary>
internal sealed class RouterHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;
    private readonly bool _ownsDirectory;

    private RouterHost(WebApplication app, string directory, bool ownsDirectory, string url)
    {
        _app = app;
        _directory = directory;
        _ownsDirectory = ownsDirectory;
        Url = url;
        Client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Url { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public RoutingTableHolder Holder => _app.Services.GetRequiredService<RoutingTableHolder>();

    public AssertionKeyRing Keys => _app.Services.GetRequiredService<AssertionKeyRing>();

    public string TableFile => _app.Services.GetRequiredService<LastKnownGoodTable>().FilePath;

    /// <summary>A fresh temporary directory for a router's files.</summary>
    public static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "cellular-router-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Deletes a test directory, best effort: one left behind is harmless.</summary>
    public static void DeleteDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// Starts a router. <paramref name="settings"/> are <c>Cellular:Router</c> keys without the prefix.
    /// A <paramref name="directory"/> passed in belongs to the caller and is not deleted; a
    /// <paramref name="time"/> replaces the system clock (a FakeTimeProvider stops every router timer).
    /// Unless <paramref name="installKeys"/> is false, the router is given the test assertion keys of
    /// every cell of the table it loaded from disk and of every table put in use with <see cref="Apply"/>,
    /// as if the control plane had sent them; it sends <see cref="FakeControlPlane.RouterToken"/>.
    /// <paramref name="logs"/>, when given, receives every log entry at every level.
    /// </summary>
    public static async Task<RouterHost> StartAsync(IDictionary<string, string?>? settings = null, string? directory = null, TimeProvider? time = null, bool installKeys = true, ILoggerProvider? logs = null)
    {
        var ownsDirectory = directory is null;
        directory ??= NewDirectory();
        var config = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ControlPlaneUrl"] = FreePort.DeadUrl(),
            ["TableFile"] = Path.Combine(directory, "router", "routing-table.json"),
            ["LongPollWait"] = "00:00:02",
            ["ControlPlaneToken"] = FakeControlPlane.RouterToken,
        };

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = directory, EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(config.Select(kv => KeyValuePair.Create("Cellular:Router:" + kv.Key, kv.Value)));
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            // Everything, from every category, at every level.
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddFilter(_ => true);
        }

        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddCellularRouter();

        var app = builder.Build();
        app.UseCellularRouter();
        app.UseRouting();
        app.MapCellularRouter();
        await app.StartAsync();
        var host = new RouterHost(app, directory, ownsDirectory, app.Urls.Single()) { _installKeys = installKeys };
        if (installKeys)
        {
            host.InstallKeys(host.Holder.State.Table.Cells.Select(c => c.Id));
        }

        return host;
    }

    private bool _installKeys;

    /// <summary>Puts a table in use directly, as the sync would (with its cells' assertion keys, unless told otherwise at start).</summary>
    public void Apply(RoutingTableSnapshot snapshot)
    {
        if (_installKeys)
        {
            InstallKeys(snapshot.Cells.Select(c => c.Id));
        }

        Holder.Apply(RoutingTable.FromSnapshot(snapshot), TableSource.ControlPlane);
    }

    /// <summary>Adds the test assertion keys of <paramref name="cells"/> to those the router holds, at the generation in use (1 if none).</summary>
    public void InstallKeys(IEnumerable<string> cells)
    {
        var ring = Keys;
        var generation = Math.Max(1, ring.Generation);
        var known = Holder.State.Table.Cells.Select(c => c.Id).Where(c => ring.TryGet(c, out _));
        ring.Apply(TestKeys.Set(generation, known.Concat(cells)));
    }

    public async Task<RouterHealth> HealthAsync() =>
        (await Client.GetFromJsonAsync("/_router/health", CellularJsonContext.Default.RouterHealth))!;

    /// <summary>Waits until the table in use has at least <paramref name="version"/>.</summary>
    public async Task WaitForVersionAsync(long version, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (Holder.State.Table.Version < version)
        {
            var changed = new TaskCompletionSource();
            using var registration = Holder.GetChangeToken().RegisterChangeCallback(_ => changed.TrySetResult(), null);
            if (Holder.State.Table.Version >= version)
            {
                break;
            }

            await changed.Task.WaitAsync(cts.Token);
        }
    }

    /// <summary>Waits until the background disk writer reports <paramref name="version"/> (or later) written.</summary>
    public Task WaitForDiskVersionAsync(long version) =>
        WaitUntilAsync(async () => (await HealthAsync()).DiskTableVersion >= version);

    /// <summary>Waits until <paramref name="condition"/> holds, polling; for state that has no change token.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (!await condition())
        {
            await Task.Delay(20, cts.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsDirectory)
        {
            DeleteDirectory(_directory);
        }
    }
}
