using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.StoreBenchmark;

/// <summary>
/// The API-level scenarios: the real control plane (its services, rules, auth and HTTP, as
/// <c>Program.cs</c> composes it) hosted in this process on a loopback port, over a store already
/// seeded with the benchmark's tenants, driven over HTTP with an Admin key. What a user of the API
/// sees: a tenant's creation and read, a publish of the whole routing table after a change, the
/// delta a router long-polls and the time a change takes to wake a router's long poll.
/// </summary>
internal static class ApiScenarios
{
    public static async Task<IReadOnlyList<BenchResult>> RunAsync(string provider, IReadOnlyDictionary<string, string?> storeSettings, string dataDir, BenchSettings settings, Action<string> log)
    {
        var label = provider;
        var results = new List<BenchResult>();
        var port = Ports.Free();
        var tokenFile = Path.Combine(dataDir, "bench-admin-token");
        var configuration = new Dictionary<string, string?>(storeSettings, StringComparer.Ordinal)
        {
            ["Cellular:ControlPlane:DataDir"] = dataDir,
            ["Cellular:ControlPlane:Auth:Bootstrap:0:Name"] = "bench",
            ["Cellular:ControlPlane:Auth:Bootstrap:0:Role"] = "Admin",
            ["Cellular:ControlPlane:Auth:Bootstrap:0:TokenFile"] = tokenFile,

            // The seeded cells have no process behind them: probing them would mark them all
            // unhealthy and take them out of placement.
            ["Cellular:ControlPlane:Health:Enabled"] = "false",

            // Its logs would drown the figures (and cost time on the measured path: one line per create).
            ["Logging:LogLevel:Default"] = "None",
        };

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddCellularControlPlane();
        await using var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseCellularConsole();
        app.UseAuthorization();
        app.MapCellularControlPlane();
        var start = Stopwatch.StartNew();
        await app.StartAsync();
        log($"{label}: control plane up in {start.Elapsed.TotalSeconds:0.0} s on port {port}");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/api/v1/"),
            Timeout = TimeSpan.FromMinutes(5),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(tokenFile)).Trim());

        var created = 0;
        string NextId() => $"api-{Interlocked.Increment(ref created):D7}";
        async Task CreateAsync()
        {
            using var response = await http.PostAsJsonAsync("tenants", new { id = NextId() });
            await ExpectAsync(response, HttpStatusCode.Created);
        }

        var createLatency = await Measure.SequentialAsync(settings.Ops, CreateAsync);
        results.Add(new(label, "API: tenant create, one client: p50 / p99", createLatency));
        var createRate = await Measure.ThroughputAsync(settings.Ops, settings.Concurrency, CreateAsync);
        results.Add(new(label, $"API: tenant create, {settings.Concurrency} clients", createRate));
        log($"{label}: create {createLatency}; {createRate}");

        var random = new Random(42);
        async Task ReadAsync(int i)
        {
            using var response = await http.GetAsync(string.Create(CultureInfo.InvariantCulture, $"tenants/tenant-{i:D7}"));
            await ExpectAsync(response, HttpStatusCode.OK);
        }

        var readLatency = await Measure.SequentialAsync(settings.Ops, () => ReadAsync(random.Next(settings.Tenants)));
        results.Add(new(label, "API: tenant read, one client: p50 / p99", readLatency));
        var readRate = await Measure.ThroughputAsync(settings.Ops * 5, settings.Concurrency, () => ReadAsync(Random.Shared.Next(settings.Tenants)));
        results.Add(new(label, $"API: tenant read, {settings.Concurrency} clients", readRate));
        log($"{label}: read {readLatency}; {readRate}");

        // A publish: one change, then the whole table (built from the store at the new version).
        var publish = new List<double>();
        var cached = new List<double>();
        long bytes = 0;
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync();
            var watch = Stopwatch.StartNew();
            var table = await http.GetByteArrayAsync("routing-table");
            publish.Add(watch.Elapsed.TotalMilliseconds);
            bytes = table.LongLength;
            watch.Restart();
            _ = await http.GetByteArrayAsync("routing-table");
            cached.Add(watch.Elapsed.TotalMilliseconds);
        }

        results.Add(new(label, $"API: GET routing-table after a change (publish of {settings.Tenants:N0}+ tenants, {bytes / 1_000_000.0:0.0} MB): median of 3", $"{Measure.Median(publish):N0} ms"));
        results.Add(new(label, "API: GET routing-table, unchanged (served from the published copy): median of 3", $"{Measure.Median(cached):N0} ms"));
        log($"{label}: publish {Measure.Median(publish):N0} ms, cached {Measure.Median(cached):N0} ms, {bytes:N0} bytes");

        var head = await VersionAsync(http);
        var delta = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync(string.Create(CultureInfo.InvariantCulture, $"routing-table/delta?since={head - 100}"));
            await ExpectAsync(response, HttpStatusCode.OK);
            await response.Content.ReadAsByteArrayAsync();
            delta.Add(watch.Elapsed.TotalMilliseconds);
        }

        results.Add(new(label, "API: GET routing-table/delta, 100 versions back: median of 20", $"{Measure.Median(delta):N1} ms"));
        log($"{label}: delta {Measure.Median(delta):N1} ms");

        // A change reaches a router's long poll: from the create's 201 to the delta's answer.
        var wake = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var since = await VersionAsync(http);
            var poll = http.GetAsync(string.Create(CultureInfo.InvariantCulture, $"routing-table/delta?since={since}&wait=30"));
            await Task.Delay(50);
            await CreateAsync();
            var watch = Stopwatch.StartNew();
            using var response = await poll;
            await ExpectAsync(response, HttpStatusCode.OK);
            wake.Add(watch.Elapsed.TotalMilliseconds);
        }

        results.Add(new(label, "API: a create's 201 → a waiting delta long poll answers: median / max of 20", string.Create(CultureInfo.InvariantCulture, $"{Measure.Median(wake):0.0} / {wake.Max():0.0} ms")));
        log($"{label}: long-poll wake {Measure.Median(wake):0.0} ms");

        await app.StopAsync();
        return results;
    }

    private static async Task<long> VersionAsync(HttpClient http)
    {
        using var response = await http.GetAsync("health");
        await ExpectAsync(response, HttpStatusCode.OK);
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return body.RootElement.GetProperty("tableVersion").GetInt64();
    }

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
