using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Microsoft.Playwright;

namespace Cellular.ConsoleBenchmark;

/// <summary>
/// One benchmark: fake cells, the real control plane with that many static cells and seeded
/// tenants, then Chromium through Playwright. Each run opens a fresh browser context (cold cache,
/// no cookie), signs in with a one-time link and times navigation → first screen of fleet rows:
/// in the page (the <c>cellular:fleet-rows</c> performance mark, relative to navigation start,
/// redirect included) and from outside (Playwright's wall clock until the rows are visible).
/// A second figure reloads <c>#/fleet</c> in the signed-in tab (warm cache).
/// </summary>
internal sealed class ConsoleBenchRun(string root, int cells, int tenants, int runs, int basePort)
{
    private static readonly string[] ChromiumFlags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public async Task<string> RunAsync(TextWriter progress)
    {
        var work = Path.Combine(root, "bench", "console", ".work");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        var api = new Uri($"http://127.0.0.1:{basePort + cells + 10}/");
        var tokenFile = Path.Combine(work, "admin-token");
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };

        var clock = Stopwatch.StartNew();
        await using var fakeCells = await FakeCells.StartAsync(basePort, cells);
        using var controlPlane = ControlPlaneProcess.Start(
            Path.Combine(root, "artifacts", "bin", "Cellular.ControlPlane", "release", "Cellular.ControlPlane.dll"),
            [
                "--urls", api.ToString().TrimEnd('/'),
                $"--Cellular:ControlPlane:DataDir={Path.Combine(work, "control-plane")}",
                "--Cellular:ControlPlane:Auth:Bootstrap:0:Name=admin",
                "--Cellular:ControlPlane:Auth:Bootstrap:0:Role=Admin",
                $"--Cellular:ControlPlane:Auth:Bootstrap:0:TokenFile={tokenFile}",
                "--Logging:LogLevel:Default=Warning",
            ],
            Path.Combine(work, "control-plane.log"));
        await WaitAsync("the control plane to answer", controlPlane, async () => (await http.GetAsync(new Uri(api, "api/v1/health"))).IsSuccessStatusCode && File.Exists(tokenFile));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(tokenFile)).Trim());

        await Parallel.ForEachAsync(Enumerable.Range(0, cells), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (c, ct) =>
        {
            var request = new CreateCellRequest(FakeCells.CellId(c), Provider: "static", Capacity: 1_000_000, Endpoint: $"http://127.0.0.1:{basePort + c}");
            using var created = await http.PostAsJsonAsync(new Uri(api, "api/v1/cells"), request, CellularJsonContext.Default.CreateCellRequest, ct);
            if (!created.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Creating cell {request.Id} answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync(ct)}");
            }
        });
        progress.WriteLine($"{cells:N0} static cells created in {clock.Elapsed.TotalSeconds:F1} s");

        clock.Restart();
        Cellular.PropagationBenchmark.TenantSeeder.Seed(Path.Combine(work, "control-plane", "cellular.db"), tenants, cells, FakeCells.CellId);
        progress.WriteLine($"{tenants:N0} tenants seeded in {clock.Elapsed.TotalSeconds:F1} s");
        await WaitAsync($"the fleet to count {tenants:N0} tenants", controlPlane, async () =>
        {
            using var fleet = await http.GetAsync(new Uri(api, "api/v1/fleet?limit=1"));
            return fleet.IsSuccessStatusCode && (await fleet.Content.ReadFromJsonAsync(CellularJsonContext.Default.FleetPage))!.Summary.Tenants == tenants;
        });

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CELLULAR_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumFlags,
        });
        var cold = new List<Timing>();
        var warm = new List<Timing>();
        var expectedRows = Math.Min(50, cells);
        for (var i = 0; i <= runs; i++)
        {
            await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
            var page = await context.NewPageAsync();
            var link = await CreateLinkAsync(http, api);
            cold.Add(await MeasureAsync(page, () => page.GotoAsync(link, new() { WaitUntil = WaitUntilState.Commit }), expectedRows));
            warm.Add(await MeasureAsync(page, () => page.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit }), expectedRows));
            progress.WriteLine($"run {i}{(i == 0 ? " (warm-up, not counted)" : string.Empty)}: cold {cold[^1].Page:F0} ms in page / {cold[^1].Wall:F0} ms wall; reload {warm[^1].Page:F0} / {warm[^1].Wall:F0} ms");
        }

        return Report(cold.Skip(1).ToList(), warm.Skip(1).ToList());
    }

    private static async Task<Timing> MeasureAsync(IPage page, Func<Task> navigate, int rows)
    {
        var watch = Stopwatch.StartNew();
        await navigate();
        await page.Locator($"[data-testid=fleet-row] >> nth={rows - 1}").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 60_000 });
        var wall = watch.Elapsed.TotalMilliseconds;
        // Milliseconds since navigation start: the page's HTML in, whoami answered, first fleet event in, rows in the DOM.
        var marks = await page.EvaluateAsync<double[]>(
            """
            () => {
              const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? -1;
              return [performance.getEntriesByType('navigation')[0].responseEnd, at('cellular:whoami'), at('cellular:fleet-event'), at('cellular:fleet-rows')];
            }
            """);
        return new Timing(marks[3], wall, marks[0], marks[1], marks[2]);
    }

    private static async Task<string> CreateLinkAsync(HttpClient http, Uri api)
    {
        using var response = await http.PostAsync(new Uri(api, "api/v1/auth/console-links"), null);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/v1/auth/console-links answered {(int)response.StatusCode}: {body}");
        }

        return JsonSerializer.Deserialize(body, CellularJsonContext.Default.ConsoleLink)!.Url;
    }

    private static async Task WaitAsync(string what, ControlPlaneProcess process, Func<Task<bool>> condition)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The control plane exited while waiting for {what}; see {process.LogFile}.");
            }

            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Timed out waiting for {what}; see {process.LogFile}.");
    }

    private string Report(List<Timing> cold, List<Timing> warm)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"# Console first screen — {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(c, $"- machine: {Environment.ProcessorCount} cores, {CpuModel()}; load average at the end: {LoadAverage()}");
        text.AppendLine(c, $"- fleet: {cells:N0} static cells, {tenants:N0} tenants; first screen = 50 rows sorted by id; {cold.Count} runs after one warm-up");
        text.AppendLine();
        text.AppendLine("| navigation → rows | in page (median / max) | wall clock (median / max) |");
        text.AppendLine("|---|---|---|");
        text.AppendLine(c, $"| cold: one-time link → 302 → console → fleet rows | {Median(cold.Select(x => x.Page))} / {Max(cold.Select(x => x.Page))} ms | {Median(cold.Select(x => x.Wall))} / {Max(cold.Select(x => x.Wall))} ms |");
        text.AppendLine(c, $"| reload of the signed-in tab | {Median(warm.Select(x => x.Page))} / {Max(warm.Select(x => x.Page))} ms | {Median(warm.Select(x => x.Wall))} / {Max(warm.Select(x => x.Wall))} ms |");
        text.AppendLine();
        text.AppendLine("Where the time goes (medians, ms since navigation start, in the page):");
        text.AppendLine();
        text.AppendLine("| | HTML in | whoami answered | first fleet event in | rows in the DOM |");
        text.AppendLine("|---|---|---|---|---|");
        text.AppendLine(c, $"| cold | {Median(cold.Select(x => x.Document))} | {Median(cold.Select(x => x.WhoAmI))} | {Median(cold.Select(x => x.FirstEvent))} | {Median(cold.Select(x => x.Page))} |");
        text.AppendLine(c, $"| reload | {Median(warm.Select(x => x.Document))} | {Median(warm.Select(x => x.WhoAmI))} | {Median(warm.Select(x => x.FirstEvent))} | {Median(warm.Select(x => x.Page))} |");
        return text.ToString();
    }

    /// <summary>One measurement: rows in the DOM (page mark), wall clock, and the marks before it.</summary>
    private sealed record Timing(double Page, double Wall, double Document, double WhoAmI, double FirstEvent);

    private static string Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var m = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return m.ToString("F0", CultureInfo.InvariantCulture);
    }

    private static string Max(IEnumerable<double> values) => values.Max().ToString("F0", CultureInfo.InvariantCulture);

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
