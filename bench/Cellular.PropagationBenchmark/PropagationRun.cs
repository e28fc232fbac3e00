using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Cellular.Core;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.PropagationBenchmark;

/// <summary>
/// One measured run: cells, control plane, seeded tenants, router, then the changes. Each change
/// is timed from the moment the API call returns (the change is committed) to the first response
/// of the router whose <c>X-Cell-Route</c> shows the new rule — what a user who just pinned a
/// tenant would observe. Changes follow each other after a random 0–20 ms pause, so they land at
/// every phase of the router's long poll.
/// </summary>
internal static class PropagationRun
{
    private static readonly TimeSpan ChangeTimeout = TimeSpan.FromSeconds(60);

    public static async Task<string> RunAsync(BenchOptions options, TextWriter progress)
    {
        var work = Path.Combine(options.Root, "bench", "propagation", ".work");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        var cellPort = options.BasePort;
        var apiPort = options.BasePort + 200;
        var routerPort = options.BasePort + 201;
        var api = new Uri($"http://127.0.0.1:{apiPort}/");
        var routerUrl = new Uri($"http://127.0.0.1:{routerPort}/");
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { Timeout = TimeSpan.FromMinutes(5) };

        await using var cells = await CellBackends.StartAsync(cellPort, options.Cells);
        var bin = Path.Combine(options.Root, "artifacts", "bin");
        using var controlPlane = ChildProcess.Start(
            Path.Combine(bin, "Cellular.ControlPlane", "release", "Cellular.ControlPlane.dll"),
            ["--urls", api.ToString().TrimEnd('/'), $"--Cellular:ControlPlane:DataDir={Path.Combine(work, "control-plane")}", "--Logging:LogLevel:Default=Warning"],
            Path.Combine(work, "control-plane.log"));
        await WaitAsync("the control plane to answer", controlPlane, async () => (await http.GetAsync(new Uri(api, "api/v1/health"))).IsSuccessStatusCode, TimeSpan.FromSeconds(60));

        for (var c = 0; c < options.Cells; c++)
        {
            var request = new CreateCellRequest(CellBackends.CellId(c), Provider: "static", Capacity: 1_000_000_000, Endpoint: $"http://127.0.0.1:{cellPort + c}");
            using var created = await http.PostAsJsonAsync(new Uri(api, "api/v1/cells"), request, CellularJsonContext.Default.CreateCellRequest);
            if (!created.IsSuccessStatusCode)
            {
                throw new BenchmarkFailedException($"Creating cell {request.Id} answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
            }
        }

        var clock = Stopwatch.StartNew();
        TenantSeeder.Seed(Path.Combine(work, "control-plane", "cellular.db"), options.Tenants, options.Cells, CellBackends.CellId);
        progress.WriteLine($"seeded {options.Tenants:N0} tenants over {options.Cells} cells in {clock.Elapsed.TotalSeconds:F1} s");
        var version = (await GetJsonAsync(http, new Uri(api, "api/v1/health"), CellularJsonContext.Default.ControlPlaneHealth)).TableVersion;

        clock.Restart();
        using var router = ChildProcess.Start(
            Path.Combine(bin, "Cellular.Router", "release", "Cellular.Router.dll"),
            [
                "--urls", routerUrl.ToString().TrimEnd('/'),
                $"--Cellular:Router:ControlPlaneUrl={api.ToString().TrimEnd('/')}",
                $"--Cellular:Router:TableFile={Path.Combine(work, "router", "routing-table.json")}",
                "--Cellular:Router:TenantRateLimit:Enabled=false",
                $"--Cellular:Router:IncrementalSync={(options.Incremental ? "true" : "false")}",
                "--Logging:LogLevel:Default=Warning",
            ],
            Path.Combine(work, "router.log"));
        await WaitAsync(
            $"the router to load table version {version} with {options.Tenants:N0} tenants",
            router,
            async () =>
            {
                var health = await GetJsonAsync(http, new Uri(routerUrl, "_router/health"), CellularJsonContext.Default.RouterHealth);
                return health.TableVersion >= version && health.Tenants == options.Tenants;
            },
            TimeSpan.FromMinutes(5));
        var firstSync = clock.Elapsed;
        progress.WriteLine($"router started and synced the full table in {firstSync.TotalSeconds:F1} s");

        var random = new Random(42);
        var pinned = new HashSet<int>();
        var propagation = new List<double>(options.Changes);
        var calls = new List<double>(options.Changes);
        var probes = 0L;
        for (var n = 0; n < options.Changes; n++)
        {
            var i = random.Next(options.Tenants);
            var pin = pinned.Add(i);
            if (!pin)
            {
                pinned.Remove(i);
            }

            var tenant = TenantSeeder.TenantId(i);
            var expected = pin ? "pin;" : "assignment;";
            var start = Stopwatch.GetTimestamp();
            using (var changed = await http.PostAsync(new Uri(api, $"api/v1/tenants/{tenant}/{(pin ? "pin" : "unpin")}"), null))
            {
                if (!changed.IsSuccessStatusCode)
                {
                    throw new BenchmarkFailedException($"{(pin ? "Pinning" : "Unpinning")} {tenant} answered {(int)changed.StatusCode}: {await changed.Content.ReadAsStringAsync()}");
                }
            }

            var committed = Stopwatch.GetTimestamp();
            calls.Add(Stopwatch.GetElapsedTime(start, committed).TotalMilliseconds);
            while (true)
            {
                probes++;
                using var probe = new HttpRequestMessage(HttpMethod.Get, routerUrl);
                probe.Headers.Add(CellularHeaders.TenantId, tenant);
                using var response = await http.SendAsync(probe);
                if (response.Headers.TryGetValues(CellularHeaders.CellRoute, out var route) && route.First().StartsWith(expected, StringComparison.Ordinal))
                {
                    propagation.Add(Stopwatch.GetElapsedTime(committed).TotalMilliseconds);
                    break;
                }

                if (Stopwatch.GetElapsedTime(committed) > ChangeTimeout)
                {
                    throw new BenchmarkFailedException($"Change {n + 1} ({tenant}) was not visible at the router after {ChangeTimeout}; see {router.LogFile}.");
                }
            }

            if ((n + 1) % 100 == 0)
            {
                progress.WriteLine($"{n + 1} changes, last {propagation[^1]:F1} ms");
            }

            await Task.Delay(random.Next(0, 20));
        }

        return Report(options, firstSync, propagation, calls, probes);
    }

    private static string Report(BenchOptions options, TimeSpan firstSync, List<double> propagation, List<double> calls, long probes)
    {
        propagation.Sort();
        calls.Sort();
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"# Propagation — {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(culture, $"- machine: {Machine()}; load average at the end: {LoadAverage()}");
        text.AppendLine(culture, $"- table: {options.Tenants:N0} tenants over {options.Cells} cells; sync: {(options.Incremental ? "incremental (deltas)" : "full table per change")}");
        text.AppendLine(culture, $"- changes: {options.Changes:N0} pins/unpins of random tenants, one after the other (0–20 ms apart); {probes:N0} probe requests");
        text.AppendLine(culture, $"- router start → full table of {options.Tenants:N0} tenants in use: {firstSync.TotalSeconds:F1} s (control plane reads and serialises the table, router downloads and builds it)");
        text.AppendLine();
        text.AppendLine("| measured | p50 | p90 | p99 | max | mean |");
        text.AppendLine("|---|---|---|---|---|---|");
        text.AppendLine(culture, $"| API call returned → first request routed by the new table (ms) | {Percentile(propagation, 50):F1} | {Percentile(propagation, 90):F1} | {Percentile(propagation, 99):F1} | {propagation[^1]:F1} | {propagation.Average():F1} |");
        text.AppendLine(culture, $"| API call itself (ms) | {Percentile(calls, 50):F1} | {Percentile(calls, 90):F1} | {Percentile(calls, 99):F1} | {calls[^1]:F1} | {calls.Average():F1} |");
        return text.ToString();
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Machine()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{model ?? "unknown CPU"}, {Environment.ProcessorCount} cores, .NET {Environment.Version}";
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static async Task<T> GetJsonAsync<T>(HttpClient http, Uri uri, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        await http.GetFromJsonAsync(uri, type) ?? throw new BenchmarkFailedException($"GET {uri} answered null.");

    private static async Task WaitAsync(string what, ChildProcess process, Func<Task<bool>> ready, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (process.HasExited)
            {
                throw new BenchmarkFailedException($"Waiting for {what}: the process exited; see {process.LogFile}.");
            }

            try
            {
                if (await ready())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
            {
                // Not up yet.
            }

            await Task.Delay(100);
        }

        throw new BenchmarkFailedException($"Waited {limit} for {what}; see {process.LogFile}.");
    }
}
