using System.Text.Json;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.ControlPlane.Tests.Store.Conformance;

/// <summary>
/// <see cref="ExperimentStore"/> on every provider: the JSON document and statistics round-trips,
/// ids, newest-first lists with the by-target filter, the unfinished list, the kill switch.
/// </summary>
public abstract class ExperimentStoreConformanceTests : StoreConformanceTest
{
    private readonly ExperimentStore _experiments = new();

    private protected ExperimentStoreConformanceTests(IStoreFactory factory)
        : base(factory)
    {
    }

    [Fact]
    public async Task InsertAsync_ThenGet_RoundTripsTheDocumentAndBothStatistics()
    {
        var at = Time.GetUtcNow().AddTicks(1_234_567);
        var experiment = NewExperiment(["zürich-1", "c2"]) with
        {
            Name = "lätency ✓ \"quoted\"",
            State = ExperimentState.Completed,
            Fault = new ExperimentFault(CellFaultKind.Latency, 250, null, 0.1 + 0.2, ["tenant-ü", "t2"]),
            StartedAt = at,
            EndedAt = at.AddSeconds(30),
            Reason = "line one\nline two \\",
            Injections = [new ExperimentInjection("zürich-1", "f-1", at.AddSeconds(30), at.AddSeconds(31)), new ExperimentInjection("c2", null, null, null, "refused: 409")],
            ReportDueAt = at.AddSeconds(40),
            Report = NewReport(at),
        };
        var before = Stats(("zürich-1", 100), ("c2", 0));
        var during = Stats(("c2", 3));

        var inserted = await Store.WriteAsync(tx => _experiments.InsertAsync(tx, experiment), CancellationToken.None);
        await Store.WriteAsync(tx => _experiments.SaveAsync(tx, inserted with { Before = before, During = during }), CancellationToken.None);

        var read = await Store.ReadAsync(tx => _experiments.GetAsync(tx, "exp-1"), CancellationToken.None);
        var locked = await Store.WriteAsync(tx => _experiments.GetForUpdateAsync(tx, "exp-1"), CancellationToken.None);
        Assert.Equal("exp-1", inserted.Id);
        Assert.Equal(Json(experiment with { Id = "exp-1" }), Json(inserted.Experiment));
        Assert.NotNull(read);
        Assert.Equal(Json(inserted.Experiment), Json(read.Experiment));
        Assert.Equal(0.1 + 0.2, read.Experiment.Fault.Rate);
        Assert.Equal(Json(before), Json(read.Before));
        Assert.Equal(Json(during), Json(read.During));
        Assert.Equal(Json(read.Experiment), Json(locked!.Experiment));
        Assert.Equal(Json(before), Json(locked.Before));
    }

    [Fact]
    public async Task InsertAsync_WithoutStatistics_ReadsBackNull_AndMissingIsNull()
    {
        var inserted = await Store.WriteAsync(tx => _experiments.InsertAsync(tx, NewExperiment(["c1"])), CancellationToken.None);

        var read = await Store.ReadAsync(tx => _experiments.GetAsync(tx, inserted.Id), CancellationToken.None);

        Assert.Equal(Json(inserted.Experiment), Json(read!.Experiment));
        Assert.Null(read.Before);
        Assert.Null(read.During);
        Assert.Null(await Store.ReadAsync(tx => _experiments.GetAsync(tx, "exp-2"), CancellationToken.None));
        Assert.Null(await Store.ReadAsync(tx => _experiments.GetAsync(tx, "EXP-1"), CancellationToken.None));
        Assert.Null(await Store.WriteAsync(tx => _experiments.GetForUpdateAsync(tx, "missing"), CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_NewestFirstBySequence_WithTheLimit()
    {
        for (var i = 0; i < 12; i++)
        {
            await InsertAsync(NewExperiment(["c1"]));
        }

        var all = await ListAsync(100, null);
        var limited = await ListAsync(3, null);

        Assert.Equal(Enumerable.Range(1, 12).Reverse().Select(i => $"exp-{i}"), all.Select(e => e.Id));
        Assert.Equal(["exp-12", "exp-11", "exp-10"], limited.Select(e => e.Id));
    }

    [Fact]
    public async Task ListAsync_ACell_OnlyExperimentsTargetingExactlyIt()
    {
        await InsertAsync(NewExperiment(["c1", "c2"]));
        await InsertAsync(NewExperiment(["c10"]));
        await InsertAsync(NewExperiment(["zürich-1"]));
        await InsertAsync(NewExperiment(["we\"ird\\cell", "C1"]));
        await InsertAsync(NewExperiment(["c2", "c1"]));

        Assert.Equal(["exp-5", "exp-1"], (await ListAsync(100, "c1")).Select(e => e.Id));
        Assert.Equal(["exp-5"], (await ListAsync(1, "c1")).Select(e => e.Id));
        Assert.Equal(["exp-4"], (await ListAsync(100, "C1")).Select(e => e.Id));
        Assert.Equal(["exp-2"], (await ListAsync(100, "c10")).Select(e => e.Id));
        Assert.Equal(["exp-3"], (await ListAsync(100, "zürich-1")).Select(e => e.Id));
        Assert.Equal(["exp-4"], (await ListAsync(100, "we\"ird\\cell")).Select(e => e.Id));
        Assert.Empty(await ListAsync(100, "c"));
        Assert.Empty(await ListAsync(100, "nowhere"));
    }

    [Fact]
    public async Task ListAsync_ACell_AnotherDocumentHoldingANulCharacter_StillFilters()
    {
        // An injection's error carries what the cell answered verbatim, NUL too ("\u0000" in the JSON).
        await InsertAsync(NewExperiment(["c1", "c2"]) with { Injections = [new ExperimentInjection("c1", null, null, null, "refused: \0\u0001binary")] });
        await InsertAsync(NewExperiment(["c2"]));

        var c1 = await ListAsync(100, "c1");
        var c2 = await ListAsync(100, "c2");

        Assert.Equal(["exp-1"], c1.Select(e => e.Id));
        Assert.Equal("refused: \0\u0001binary", c1[0].Experiment.Injections[0].Error);
        Assert.Equal(["exp-2", "exp-1"], c2.Select(e => e.Id));
    }

    [Fact]
    public async Task ListUnfinishedAsync_PendingRunningOrAwaitingTheReport_OldestFirst()
    {
        var due = Time.GetUtcNow().AddMinutes(1);
        await InsertAsync(NewExperiment(["c1"]) with { State = ExperimentState.Completed, ReportDueAt = due, Report = NewReport(due) });
        await InsertAsync(NewExperiment(["c1"]) with { State = ExperimentState.Running });
        await InsertAsync(NewExperiment(["c1"]) with { State = ExperimentState.Aborted, ReportDueAt = due });
        await InsertAsync(NewExperiment(["c1"]) with { State = ExperimentState.Stopped });
        await InsertAsync(NewExperiment(["c1"]) with { State = ExperimentState.Failed });
        await InsertAsync(NewExperiment(["c1"]) with { State = ExperimentState.Pending });
        await InsertAsync(NewExperiment(["c1"]) with { State = ExperimentState.Completed, ReportDueAt = due });
        for (var i = 0; i < 3; i++)
        {
            await InsertAsync(NewExperiment(["c1"]) with { State = ExperimentState.Completed });
        }

        await InsertAsync(NewExperiment(["c1"]) with { State = ExperimentState.Running });

        var unfinished = await Store.ReadAsync(tx => _experiments.ListUnfinishedAsync(tx), CancellationToken.None);

        Assert.Equal(["exp-2", "exp-3", "exp-6", "exp-7", "exp-11"], unfinished.Select(e => e.Id));
        Assert.Equal([true, false, true, false, true], unfinished.Select(e => e.IsActive));
    }

    [Fact]
    public async Task SaveAsync_WritesStateDocumentAndStatistics_TheReportFinishesIt()
    {
        var inserted = await Store.WriteAsync(tx => _experiments.InsertAsync(tx, NewExperiment(["c1"])), CancellationToken.None);
        var due = Time.GetUtcNow().AddMinutes(2);
        var running = inserted with { Experiment = inserted.Experiment with { State = ExperimentState.Running, StartedAt = Time.GetUtcNow() }, Before = Stats(("c1", 10)) };
        var awaitingReport = running with { Experiment = running.Experiment with { State = ExperimentState.Completed, ReportDueAt = due }, During = Stats(("c1", 20)) };
        var reported = awaitingReport with { Experiment = awaitingReport.Experiment with { Report = NewReport(due) } };

        await Store.WriteAsync(tx => _experiments.SaveAsync(tx, running), CancellationToken.None);
        var afterRunning = await Store.ReadAsync(tx => _experiments.GetAsync(tx, inserted.Id), CancellationToken.None);
        await Store.WriteAsync(tx => _experiments.SaveAsync(tx, awaitingReport), CancellationToken.None);
        var unfinishedAwaiting = await Store.ReadAsync(tx => _experiments.ListUnfinishedAsync(tx), CancellationToken.None);
        await Store.WriteAsync(tx => _experiments.SaveAsync(tx, reported), CancellationToken.None);
        var afterReport = await Store.ReadAsync(tx => _experiments.GetAsync(tx, inserted.Id), CancellationToken.None);
        var unfinishedReported = await Store.ReadAsync(tx => _experiments.ListUnfinishedAsync(tx), CancellationToken.None);
        await Store.WriteAsync(tx => _experiments.SaveAsync(tx, reported with { Experiment = reported.Experiment with { Id = "missing" } }), CancellationToken.None);

        Assert.Equal(Json(running.Experiment), Json(afterRunning!.Experiment));
        Assert.Equal(Json(running.Before), Json(afterRunning.Before));
        Assert.Null(afterRunning.During);
        Assert.Equal([inserted.Id], unfinishedAwaiting.Select(e => e.Id));
        Assert.Equal(Json(reported.Experiment), Json(afterReport!.Experiment));
        Assert.Equal(Json(reported.During), Json(afterReport.During));
        Assert.Empty(unfinishedReported);
        Assert.Null(await Store.ReadAsync(tx => _experiments.GetAsync(tx, "missing"), CancellationToken.None));
    }

    [Fact]
    public async Task KillSwitch_ReleasedAtFirst_ThenEngagedAndReleased_StampedWithTimeAndActor()
    {
        var initial = await Store.ReadAsync(tx => _experiments.GetKillSwitchAsync(tx), CancellationToken.None);
        Time.Advance(TimeSpan.FromTicks(12_345_678));
        var engagedAt = Time.GetUtcNow();

        await Store.WriteAsync(tx => _experiments.SetKillSwitchAsync(tx, true, "öps ✓"), CancellationToken.None);
        var engaged = await Store.ReadAsync(tx => _experiments.GetKillSwitchAsync(tx), CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.WriteAsync(
            async tx =>
            {
                await _experiments.SetKillSwitchAsync(tx, false, "rolled back");
                throw new InvalidOperationException("rolled back");
            },
            CancellationToken.None));
        var stillEngaged = await Store.ReadAsync(tx => _experiments.GetKillSwitchAsync(tx), CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(1));
        await Store.WriteAsync(tx => _experiments.SetKillSwitchAsync(tx, false, "admin"), CancellationToken.None);
        var released = await Store.ReadAsync(tx => _experiments.GetKillSwitchAsync(tx), CancellationToken.None);

        Assert.Equal((false, (DateTimeOffset?)null, (string?)null, 0), (initial.Engaged, initial.ChangedAt, initial.ChangedBy, initial.StoppedExperiments.Count));
        Assert.Equal((true, (DateTimeOffset?)engagedAt, "öps ✓", 0), (engaged.Engaged, engaged.ChangedAt, engaged.ChangedBy, engaged.StoppedExperiments.Count));
        Assert.Equal((true, (DateTimeOffset?)engagedAt, "öps ✓"), (stillEngaged.Engaged, stillEngaged.ChangedAt, stillEngaged.ChangedBy));
        Assert.Equal((false, (DateTimeOffset?)Time.GetUtcNow(), "admin"), (released.Engaged, released.ChangedAt, released.ChangedBy));
    }

    private Task<IReadOnlyList<ExperimentRecord>> ListAsync(int limit, string? cell) =>
        Store.ReadAsync(tx => _experiments.ListAsync(tx, limit, cell), CancellationToken.None);

    private Task<ExperimentRecord> InsertAsync(Experiment experiment) =>
        Store.WriteAsync(tx => _experiments.InsertAsync(tx, experiment), CancellationToken.None);

    private Experiment NewExperiment(IReadOnlyList<string> targets) =>
        new(
            "ignored",
            null,
            ExperimentState.Pending,
            targets,
            new ExperimentFault(CellFaultKind.Error, null, 500, 1, null),
            30,
            new ExperimentStopConditions(0.05, 2, 50, 20),
            10,
            10,
            "tester",
            Time.GetUtcNow(),
            null,
            null,
            null,
            [],
            null,
            null);

    private static BlastRadiusReport NewReport(DateTimeOffset at)
    {
        var stats = new ExperimentWindowStats(840, 830, 10, 830.0 / 840, 10.0 / 840, 12.5, 99.25, ["t1", "tenant-ü"], 2);
        return new BlastRadiusReport(
            "contained",
            ["c2: error rate 0.0% → 0.0%, p99 12 ms → 14 ms (840 requests), within limits"],
            new ExperimentWindows(new ExperimentWindow(at, at.AddSeconds(10)), new ExperimentWindow(at.AddSeconds(10), at.AddSeconds(40)), new ExperimentWindow(at.AddSeconds(40), at.AddSeconds(50))),
            [new CellBlastRadius("c1", true, null, stats, stats, stats), new CellBlastRadius("c2", false, "contained", ExperimentWindowStats.Empty, stats, stats)],
            ["t1"],
            1,
            1000,
            0.001,
            ["t1", "t2"],
            2,
            [],
            true,
            false,
            at.AddSeconds(50));
    }

    private static Dictionary<string, ExperimentWindowStats> Stats(params (string Cell, long Requests)[] cells) =>
        cells.ToDictionary(
            c => c.Cell,
            c => new ExperimentWindowStats(c.Requests, c.Requests / 2, c.Requests - (c.Requests / 2), 0.5, 1.0 / 3, 1.5, 250.125, c.Requests > 0 ? ["t-ü"] : [], c.Requests > 0 ? 1 : 0),
            StringComparer.Ordinal);

    private static string Json(Experiment experiment) => JsonSerializer.Serialize(experiment, CellularJsonContext.Default.Experiment);

    private static string Json(IReadOnlyDictionary<string, ExperimentWindowStats>? stats) =>
        stats is null
            ? "null"
            : JsonSerializer.Serialize(new Dictionary<string, ExperimentWindowStats>(stats.OrderBy(s => s.Key, StringComparer.Ordinal), StringComparer.Ordinal), CellularJsonContext.Default.DictionaryStringExperimentWindowStats);
}
