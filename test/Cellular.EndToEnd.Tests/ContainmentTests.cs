using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Model;
using Cellular.EndToEnd.Tests.Infrastructure;

namespace Cellular.EndToEnd.Tests;

/// <summary>
/// Failure containment with real processes: faults, crashes, hangs and noisy tenants stay
/// inside one cell, and experiments prove it with numbers.
/// </summary>
public sealed class ContainmentTests
{
    private static readonly string[] FastHealth =
    [
        "--Cellular:ControlPlane:Health:Interval=00:00:00.500",
        "--Cellular:ControlPlane:Health:Timeout=00:00:00.400",
        "--Cellular:ControlPlane:Health:FailureThreshold=2",
        "--Cellular:ControlPlane:Health:SuccessThreshold=2",
    ];

    [Fact]
    public async Task Experiment_AllErrorsInOneCell_OtherCellsUnharmed_ReportContainedNamingExactlyItsTenants()
    {
        await using var stack = await Stack.StartAsync(cells: 3);
        var tenants = await stack.CreateTenantsAsync(30);
        var target = tenants[0].Cell;
        var targetTenants = tenants.Where(t => t.Cell == target).Select(t => t.Id).Order().ToArray();

        await using var load = new TrafficLoad(stack.Router, tenants);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var experiment = await CreateExperimentAsync(stack, new CreateExperimentRequest(
            "all errors in one cell", [target], new ExperimentFaultRequest("error", Status: 500), DurationSeconds: 5, BaselineSeconds: 3, AfterSeconds: 2));
        var done = await WaitForReportAsync(stack, experiment.Id, TimeSpan.FromSeconds(60));
        await load.DisposeAsync();

        Assert.Equal(ExperimentState.Completed, done.State);
        foreach (var tenant in tenants.Where(t => t.Cell != target))
        {
            var outcome = load.ByTenant[tenant.Id];
            Assert.True(outcome.Failed == 0, $"{tenant.Id} in {tenant.Cell} saw {outcome.Failed} errors ({string.Join(",", outcome.FailureStatuses)})");
            Assert.True(outcome.Ok > 0);
        }

        Assert.All(targetTenants, t => Assert.True(load.ByTenant[t].Failed > 0, $"{t} in the target cell saw the fault"));
        var report = done.Report!;
        Assert.Equal("contained", report.Verdict);
        Assert.Equal(targetTenants, report.AffectedTenants.Order().ToArray());
        Assert.True(report.AffectedExactlyTargetTenants);
        Assert.Equal(targetTenants.Length / (double)report.TotalTenants, report.AffectedTenantShare, 3);
        var targetCell = report.Cells.Single(c => c.Cell == target);
        // The during-window is whole seconds, so its edges may hold a few requests from before the fault.
        Assert.True(targetCell.During.ErrorRate > 0.5, $"target error rate during was {targetCell.During.ErrorRate}");
        Assert.All(report.Cells.Where(c => c.Cell != target), c => Assert.Equal(0, c.During.Errors));
    }

    [Fact]
    public async Task PoisonPillTenant_CrashesOnlyItsCell_HealthMonitorMarksItUnhealthyInTime()
    {
        await using var stack = await Stack.StartAsync(cells: 3, controlPlaneArguments: FastHealth);
        var tenants = await stack.CreateTenantsAsync(30);
        var poison = tenants[0];
        await stack.InjectFaultAsync(poison.Cell, new { kind = "crash", durationSeconds = 60, tenants = new[] { poison.Id } });

        await using var load = new TrafficLoad(stack.Router, tenants.Where(t => t != poison).ToList());
        await Task.Delay(TimeSpan.FromSeconds(1));
        var crashedAt = Stopwatch.StartNew();
        using (var pill = await stack.ReadNotesAsync(poison.Id))
        {
            Assert.NotEqual(HttpStatusCode.OK, pill.StatusCode);
        }

        // FailureThreshold × Interval + Timeout = 1.4 s; allow scheduling slack on a busy machine.
        await Stack.EventuallyAsync(
            async () => (await stack.Local.Client.GetCellAsync(poison.Cell)).State == CellState.Unhealthy,
            TimeSpan.FromSeconds(5),
            $"cell {poison.Cell} to be marked Unhealthy");
        var markedAfter = crashedAt.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(1));
        await load.DisposeAsync();

        Assert.True(markedAfter < TimeSpan.FromSeconds(5), $"marked Unhealthy after {markedAfter.TotalMilliseconds:0} ms");
        foreach (var tenant in tenants.Skip(1))
        {
            var outcome = load.ByTenant[tenant.Id];
            if (tenant.Cell == poison.Cell)
            {
                Assert.True(outcome.Failed > 0, $"{tenant.Id} shares the crashed cell");
                Assert.All(outcome.FailureStatuses, s => Assert.Equal(503, s));
            }
            else
            {
                Assert.True(outcome.Failed == 0, $"{tenant.Id} in {tenant.Cell} saw {outcome.Failed} errors");
            }
        }
    }

    [Fact]
    public async Task HangingCell_ItsTenantsGet503WithinTimeout_OtherCellsStayFast()
    {
        await using var stack = await Stack.StartAsync(cells: 3, routerArguments: ["--Cellular:Router:Cells:c1:UpstreamTimeout=00:00:01"]);
        var hung = await stack.CreateTenantsAsync(5, "hung", cell: "c1");
        var fine = await stack.CreateTenantsAsync(10, "fine", cell: "c2");
        await stack.InjectFaultAsync("c1", new { kind = "latency", latencyMs = 120_000, durationSeconds = 120 });

        // The other cell's latency on its own first, then while 40 requests hang on c1.
        var before = await MeasureAsync(stack, fine, TimeSpan.FromSeconds(2));
        await using var load = new TrafficLoad(stack.Router, fine, workers: 2);
        var hanging = Enumerable.Range(0, 40).Select(async i =>
        {
            var watch = Stopwatch.StartNew();
            using var response = await stack.ReadNotesAsync(hung[i % hung.Count].Id);
            return (response.StatusCode, watch.Elapsed);
        }).ToList();
        var results = await Task.WhenAll(hanging);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await load.DisposeAsync();

        Assert.All(results, r =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
            Assert.True(r.Elapsed < TimeSpan.FromSeconds(3), $"503 after {r.Elapsed.TotalMilliseconds:0} ms (timeout 1 s)");
        });
        Assert.All(fine, t => Assert.Equal(0, load.ByTenant[t.Id].Failed));
        var during = P99(fine.SelectMany(t => load.ByTenant[t.Id].LatenciesMs));

        // Relative to its own baseline, so a busy test machine does not decide the outcome.
        Assert.True(during <= Math.Max(3 * before, 250), $"other cell's p99 was {during:0} ms while c1 hung, {before:0} ms before");
    }

    [Fact]
    public async Task NoisyTenant_Gets429_CellMateKeepsItsSuccessRate()
    {
        await using var stack = await Stack.StartAsync(cells: 2, routerArguments:
        [
            "--Cellular:Router:TenantRateLimit:PermitsPerSecondPerWeight=20",
            "--Cellular:Router:TenantRateLimit:BurstSeconds=1",
        ]);
        var noisy = (await stack.CreateTenantsAsync(1, "noisy", cell: "c1")).Single();
        var mate = (await stack.CreateTenantsAsync(1, "mate", cell: "c1")).Single();

        await using var mateLoad = new TrafficLoad(stack.Router, [mate], workers: 1, pause: TimeSpan.FromMilliseconds(100));
        await using var noisyLoad = new TrafficLoad(stack.Router, [noisy], workers: 6, pause: TimeSpan.Zero);
        await Task.Delay(TimeSpan.FromSeconds(3));
        await noisyLoad.DisposeAsync();
        await mateLoad.DisposeAsync();

        var loud = noisyLoad.ByTenant[noisy.Id];
        Assert.True(loud.FailureStatuses.Count(s => s == 429) > loud.Ok, $"noisy tenant: {loud.Ok} ok, {loud.Failed} refused");
        Assert.All(loud.FailureStatuses, s => Assert.Equal(429, s));
        var quiet = mateLoad.ByTenant[mate.Id];
        Assert.True(quiet.Ok >= 10, $"cell-mate sent {quiet.Ok} requests");
        Assert.Equal(0, quiet.Failed);

        using var refused = await stack.ReadNotesAsync(noisy.Id);
        if (refused.StatusCode == HttpStatusCode.TooManyRequests)
        {
            Assert.NotNull(refused.Headers.RetryAfter);
        }
    }

    [Fact]
    public async Task Experiment_FaultLeaksIntoNonTargetCell_StopConditionAbortsIt()
    {
        await using var stack = await Stack.StartAsync(cells: 3);
        var tenants = new List<TenantView>();
        foreach (var cell in new[] { "c1", "c2", "c3" })
        {
            tenants.AddRange(await stack.CreateTenantsAsync(4, $"in-{cell}", cell));
        }

        await using var load = new TrafficLoad(stack.Router, tenants);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var experiment = await CreateExperimentAsync(stack, new CreateExperimentRequest(
            "leak", ["c1"], new ExperimentFaultRequest("error", Status: 500), DurationSeconds: 60, BaselineSeconds: 3, AfterSeconds: 1));

        // Deliberately break a cell the experiment does not target.
        await stack.InjectFaultAsync("c2", new { kind = "error", status = 500, durationSeconds = 30 });
        var watch = Stopwatch.StartNew();
        Experiment? ended = null;
        await Stack.EventuallyAsync(
            async () => (ended = await GetExperimentAsync(stack, experiment.Id)).State != ExperimentState.Running,
            TimeSpan.FromSeconds(20),
            "the stop condition to end the experiment");

        Assert.Equal(ExperimentState.Aborted, ended!.State);
        Assert.Contains("c2", ended.Reason);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20));

        // The experiment's own fault is gone from its target.
        using var target = await stack.CellControlClientAsync("c1");
        await Stack.EventuallyAsync(
            async () => (await target.GetFromJsonAsync<System.Text.Json.JsonElement>("/_cell/faults")).GetArrayLength() == 0,
            TimeSpan.FromSeconds(10),
            "the experiment's fault to be cleared from c1");
    }

    private static async Task<double> MeasureAsync(Stack stack, IReadOnlyList<TenantView> tenants, TimeSpan duration)
    {
        await using var load = new TrafficLoad(stack.Router, tenants, workers: 2);
        await Task.Delay(duration);
        await load.DisposeAsync();
        Assert.All(tenants, t => Assert.Equal(0, load.ByTenant[t.Id].Failed));
        return P99(tenants.SelectMany(t => load.ByTenant[t.Id].LatenciesMs));
    }

    private static double P99(IEnumerable<double> latencies)
    {
        var sorted = latencies.Order().ToArray();
        Assert.NotEmpty(sorted);
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Ceiling(sorted.Length * 0.99) - 1)];
    }

    private static async Task<Experiment> CreateExperimentAsync(Stack stack, CreateExperimentRequest request)
    {
        using var response = await stack.Api.PostAsJsonAsync("/api/v1/experiments", request, CellularJsonContext.Default.CreateExperimentRequest);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var experiment = System.Text.Json.JsonSerializer.Deserialize(body, CellularJsonContext.Default.Experiment)!;
        Assert.Equal(ExperimentState.Running, experiment.State);
        return experiment;
    }

    private static async Task<Experiment> GetExperimentAsync(Stack stack, string id) =>
        (await stack.Api.GetFromJsonAsync($"/api/v1/experiments/{id}", CellularJsonContext.Default.Experiment))!;

    private static async Task<Experiment> WaitForReportAsync(Stack stack, string id, TimeSpan timeout)
    {
        Experiment? experiment = null;
        await Stack.EventuallyAsync(
            async () => (experiment = await GetExperimentAsync(stack, id)).Report is not null,
            timeout,
            $"experiment {id} to end and produce its report");
        return experiment!;
    }
}
