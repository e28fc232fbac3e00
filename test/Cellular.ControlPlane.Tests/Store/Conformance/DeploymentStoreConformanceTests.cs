using System.Text.Json;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.ControlPlane.Tests.Store.Conformance;

/// <summary>
/// <see cref="DeploymentStore"/> on every provider: the JSON document and baselines round-trips,
/// ids, newest-first lists with the by-planned-cell filter, the unfinished list, the freeze.
/// </summary>
public abstract class DeploymentStoreConformanceTests : StoreConformanceTest
{
    private readonly DeploymentStore _deployments = new();

    private protected DeploymentStoreConformanceTests(IStoreFactory factory)
        : base(factory)
    {
    }

    [Fact]
    public async Task InsertAsync_ThenGet_RoundTripsTheDocumentAndTheBaselines()
    {
        var at = Time.GetUtcNow().AddTicks(1_234_567);
        var deployment = NewDeployment(["zürich-1"], ["c2", "c3"]) with
        {
            Name = "rëlease ✓ \"quoted\"",
            State = DeploymentState.Baking,
            Release = new CellRelease("2.0.0+build.7", "notes-2.tgz", new Dictionary<string, string>(StringComparer.Ordinal) { ["LOG"] = "debug", ["ß"] = "line\nbreak \\" }),
            Cells =
            [
                new DeploymentCell("zürich-1", 0, DeploymentCellState.Deployed, new CellRelease("1.0.0", null, new Dictionary<string, string>(StringComparer.Ordinal)), "http://old", "http://new", at, at.AddSeconds(5)),
                new DeploymentCell("c2", 1, DeploymentCellState.Pending),
                new DeploymentCell("c3", 1, DeploymentCellState.Failed, Error: "exit 1: ünïcode log tail"),
            ],
            Approval = DeploymentApproval.EveryWave,
            RollbackAll = true,
            Gates = new DeploymentGates(0.1 + 0.2, 2.5, 50, 20, 600),
            UpdatedAt = at,
            Reason = "baking wave 0",
            Evidence = [new GateDecision(at, 0, "zürich-1", "peers", "errorRate", 0.01, null, 0.05, GateVerdict.Pass, "0.01 ≤ 0.05")],
            Report = new DeploymentReport(at, at.AddMinutes(1), [new DeploymentGroupStats("release", "2.0.0+build.7", ["zürich-1"], 10, null, null)], null),
            PauseRequested = true,
            Hotfix = true,
            Analysis = [new DeploymentAnalysis("errors", "sum(rate(x{cell=\"{{cell}}\"}[1m]))", "result < 0.05", 2)],
        };
        var baselines = Baselines(("zürich-1", 100), ("c2", 0));

        var inserted = await Store.WriteAsync(tx => _deployments.InsertAsync(tx, new DeploymentRecord(deployment, baselines)), CancellationToken.None);

        var read = await Store.ReadAsync(tx => _deployments.GetAsync(tx, "dep-1"), CancellationToken.None);
        var locked = await Store.WriteAsync(tx => _deployments.GetForUpdateAsync(tx, "dep-1"), CancellationToken.None);
        Assert.Equal("dep-1", inserted.Id);
        Assert.Equal(Json(deployment with { Id = "dep-1" }), Json(inserted.Deployment));
        Assert.NotNull(read);
        Assert.Equal(Json(inserted.Deployment), Json(read.Deployment));
        Assert.Equal(0.1 + 0.2, read.Deployment.Gates.ErrorRateIncrease);
        Assert.Equal(deployment.Release.Config, read.Deployment.Release.Config);
        Assert.Equal(Json(baselines), Json(read.Baselines));
        Assert.Equal(Json(read.Deployment), Json(locked!.Deployment));
        Assert.Equal(Json(baselines), Json(locked.Baselines));
    }

    [Fact]
    public async Task InsertAsync_WithoutBaselines_ReadsBackNull_AndMissingIsNull()
    {
        var inserted = await InsertAsync(NewDeployment(["c1"]));

        var read = await Store.ReadAsync(tx => _deployments.GetAsync(tx, inserted.Id), CancellationToken.None);

        Assert.Equal(Json(inserted.Deployment), Json(read!.Deployment));
        Assert.Null(read.Baselines);
        Assert.Null(await Store.ReadAsync(tx => _deployments.GetAsync(tx, "dep-2"), CancellationToken.None));
        Assert.Null(await Store.ReadAsync(tx => _deployments.GetAsync(tx, "DEP-1"), CancellationToken.None));
        Assert.Null(await Store.WriteAsync(tx => _deployments.GetForUpdateAsync(tx, "missing"), CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_NewestFirstBySequence_WithTheLimit()
    {
        for (var i = 0; i < 12; i++)
        {
            await InsertAsync(NewDeployment(["c1"]));
        }

        var all = await ListAsync(100, null);
        var limited = await ListAsync(3, null);

        Assert.Equal(Enumerable.Range(1, 12).Reverse().Select(i => $"dep-{i}"), all.Select(d => d.Id));
        Assert.Equal(["dep-12", "dep-11", "dep-10"], limited.Select(d => d.Id));
    }

    [Fact]
    public async Task ListAsync_ACell_OnlyDeploymentsWhosePlanHoldsExactlyIt()
    {
        await InsertAsync(NewDeployment(["c1"], ["c2"]));
        await InsertAsync(NewDeployment(["c10"]));
        await InsertAsync(NewDeployment(["zürich-1"]));
        await InsertAsync(NewDeployment(["we\"ird\\cell", "C1"]));
        await InsertAsync(NewDeployment(["c2"], ["c1"]));
        await InsertAsync(NewDeployment([]));

        Assert.Equal(["dep-5", "dep-1"], (await ListAsync(100, "c1")).Select(d => d.Id));
        Assert.Equal(["dep-5"], (await ListAsync(1, "c1")).Select(d => d.Id));
        Assert.Equal(["dep-4"], (await ListAsync(100, "C1")).Select(d => d.Id));
        Assert.Equal(["dep-2"], (await ListAsync(100, "c10")).Select(d => d.Id));
        Assert.Equal(["dep-3"], (await ListAsync(100, "zürich-1")).Select(d => d.Id));
        Assert.Equal(["dep-4"], (await ListAsync(100, "we\"ird\\cell")).Select(d => d.Id));
        Assert.Empty(await ListAsync(100, "c"));
        Assert.Empty(await ListAsync(100, "nowhere"));
    }

    [Fact]
    public async Task ListAsync_ACell_AnotherDocumentHoldingANulCharacter_StillFilters()
    {
        // A cell's error carries the provider's log tail verbatim: whatever bytes the process wrote, NUL too ("\u0000" in the JSON).
        var failed = NewDeployment(["c1"], ["c2"]);
        await InsertAsync(failed with { Cells = [failed.Cells[0] with { State = DeploymentCellState.Failed, Error = "did not start: Last output:\n\0\u0001binary" }, failed.Cells[1] with { Error = @"C:\u0000\ text, not a NUL" }] });
        await InsertAsync(NewDeployment(["c2"]));

        var c1 = await ListAsync(100, "c1");
        var c2 = await ListAsync(100, "c2");

        Assert.Equal(["dep-1"], c1.Select(d => d.Id));
        Assert.Equal("did not start: Last output:\n\0\u0001binary", c1[0].Deployment.Cells[0].Error);
        Assert.Equal(@"C:\u0000\ text, not a NUL", c1[0].Deployment.Cells[1].Error);
        Assert.Equal(["dep-2", "dep-1"], c2.Select(d => d.Id));
    }

    [Fact]
    public async Task ListUnfinishedAsync_EveryStateButTheFinalOnes_OldestFirst()
    {
        var states = Enum.GetValues<DeploymentState>();
        foreach (var state in states.Reverse())
        {
            await InsertAsync(NewDeployment(["c1"]) with { State = state });
        }

        var unfinished = await Store.ReadAsync(tx => _deployments.ListUnfinishedAsync(tx), CancellationToken.None);

        Assert.Equal(states.Reverse().Where(s => !s.IsFinal()), unfinished.Select(d => d.State));
        Assert.Equal([DeploymentState.WaitingForApproval, DeploymentState.Paused, DeploymentState.Baking, DeploymentState.Running, DeploymentState.Pending], unfinished.Select(d => d.State));
        Assert.Equal(["dep-5", "dep-6", "dep-7", "dep-8", "dep-9"], unfinished.Select(d => d.Id));
        Assert.All(unfinished, d => Assert.True(d.IsActive));
    }

    [Fact]
    public async Task SaveAsync_WritesStateDocumentAndBaselines_AFinalStateFinishesIt()
    {
        var inserted = await InsertAsync(NewDeployment(["c1"], ["c2"]));
        Time.Advance(TimeSpan.FromSeconds(30));
        var running = inserted with
        {
            Deployment = inserted.Deployment with { State = DeploymentState.Running, UpdatedAt = Time.GetUtcNow(), Waves = [inserted.Deployment.Waves[0] with { State = DeploymentWaveState.Deploying, StartedAt = Time.GetUtcNow() }, inserted.Deployment.Waves[1]] },
            Baselines = Baselines(("c1", 7)),
        };
        var rolledBack = running with
        {
            Deployment = running.Deployment with { State = DeploymentState.RolledBack, EndedAt = Time.GetUtcNow(), Reason = "gate failed: errorRate 0.2 > 0.05" },
            Baselines = Baselines(("c1", 7), ("c2", 9)),
        };

        await Store.WriteAsync(tx => _deployments.SaveAsync(tx, running), CancellationToken.None);
        var afterRunning = await Store.ReadAsync(tx => _deployments.GetAsync(tx, inserted.Id), CancellationToken.None);
        var unfinishedRunning = await Store.ReadAsync(tx => _deployments.ListUnfinishedAsync(tx), CancellationToken.None);
        await Store.WriteAsync(tx => _deployments.SaveAsync(tx, rolledBack), CancellationToken.None);
        var afterRollback = await Store.ReadAsync(tx => _deployments.GetAsync(tx, inserted.Id), CancellationToken.None);
        var unfinishedRolledBack = await Store.ReadAsync(tx => _deployments.ListUnfinishedAsync(tx), CancellationToken.None);
        await Store.WriteAsync(tx => _deployments.SaveAsync(tx, rolledBack with { Deployment = rolledBack.Deployment with { Id = "missing" } }), CancellationToken.None);

        Assert.Equal(Json(running.Deployment), Json(afterRunning!.Deployment));
        Assert.Equal(Json(running.Baselines), Json(afterRunning.Baselines));
        Assert.Equal([inserted.Id], unfinishedRunning.Select(d => d.Id));
        Assert.Equal(Json(rolledBack.Deployment), Json(afterRollback!.Deployment));
        Assert.Equal(Json(rolledBack.Baselines), Json(afterRollback.Baselines));
        Assert.False(afterRollback.IsActive);
        Assert.Empty(unfinishedRolledBack);
        Assert.Null(await Store.ReadAsync(tx => _deployments.GetAsync(tx, "missing"), CancellationToken.None));
    }

    [Fact]
    public async Task Freeze_ReleasedAtFirst_ThenEngagedWithItsReason_AndReleasedWithout()
    {
        var initial = await Store.ReadAsync(tx => _deployments.GetFreezeAsync(tx), CancellationToken.None);
        Time.Advance(TimeSpan.FromTicks(12_345_678));
        var engagedAt = Time.GetUtcNow();

        await Store.WriteAsync(tx => _deployments.SetFreezeAsync(tx, true, "black fridäy ✓ \"all hands\"", "öps"), CancellationToken.None);
        var engaged = await Store.ReadAsync(tx => _deployments.GetFreezeAsync(tx), CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.WriteAsync(
            async tx =>
            {
                await _deployments.SetFreezeAsync(tx, false, null, "rolled back");
                throw new InvalidOperationException("rolled back");
            },
            CancellationToken.None));
        var stillEngaged = await Store.ReadAsync(tx => _deployments.GetFreezeAsync(tx), CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(1));
        await Store.WriteAsync(tx => _deployments.SetFreezeAsync(tx, false, "ignored when releasing", "admin"), CancellationToken.None);
        var released = await Store.ReadAsync(tx => _deployments.GetFreezeAsync(tx), CancellationToken.None);
        await Store.WriteAsync(tx => _deployments.SetFreezeAsync(tx, true, null, "admin"), CancellationToken.None);
        var withoutReason = await Store.ReadAsync(tx => _deployments.GetFreezeAsync(tx), CancellationToken.None);

        Assert.Equal(new DeploymentFreeze(false, null, null, null), initial);
        Assert.Equal(new DeploymentFreeze(true, "black fridäy ✓ \"all hands\"", engagedAt, "öps"), engaged);
        Assert.Equal(engaged, stillEngaged);
        Assert.Equal(new DeploymentFreeze(false, null, Time.GetUtcNow(), "admin"), released);
        Assert.Equal(new DeploymentFreeze(true, null, Time.GetUtcNow(), "admin"), withoutReason);
    }

    private Task<IReadOnlyList<DeploymentRecord>> ListAsync(int limit, string? cell) =>
        Store.ReadAsync(tx => _deployments.ListAsync(tx, limit, cell), CancellationToken.None);

    private Task<DeploymentRecord> InsertAsync(Deployment deployment) =>
        Store.WriteAsync(tx => _deployments.InsertAsync(tx, new DeploymentRecord(deployment)), CancellationToken.None);

    /// <summary>A pending deployment whose plan is <paramref name="waves"/>, each cell in <see cref="Deployment.Cells"/>.</summary>
    private Deployment NewDeployment(params IReadOnlyList<string>[] waves) =>
        new(
            "ignored",
            null,
            DeploymentState.Pending,
            "2.0.0",
            new CellRelease("2.0.0", null, new Dictionary<string, string>(StringComparer.Ordinal)),
            waves.Select((cells, i) => new DeploymentWave(i, cells, DeploymentWaveState.Pending, 10)).ToList(),
            waves.SelectMany((cells, i) => cells.Select(cell => new DeploymentCell(cell, i, DeploymentCellState.Pending))).ToList(),
            MaxParallel: 2,
            DeploymentApproval.None,
            RollbackAll: false,
            new DeploymentGates(0.05, 2, 50, 20, 60),
            "admin",
            Time.GetUtcNow(),
            Time.GetUtcNow(),
            null,
            Reason: null,
            Evidence: [],
            Report: null);

    private static Dictionary<string, ExperimentWindowStats> Baselines(params (string Cell, long Requests)[] cells) =>
        cells.ToDictionary(
            c => c.Cell,
            c => new ExperimentWindowStats(c.Requests, c.Requests / 2, c.Requests - (c.Requests / 2), 0.5, 1.0 / 3, 1.5, 250.125, c.Requests > 0 ? ["t-ü"] : [], c.Requests > 0 ? 1 : 0),
            StringComparer.Ordinal);

    private static string Json(Deployment deployment) => JsonSerializer.Serialize(deployment, CellularJsonContext.Default.Deployment);

    private static string Json(IReadOnlyDictionary<string, ExperimentWindowStats>? stats) =>
        stats is null
            ? "null"
            : JsonSerializer.Serialize(new Dictionary<string, ExperimentWindowStats>(stats.OrderBy(s => s.Key, StringComparer.Ordinal), StringComparer.Ordinal), CellularJsonContext.Default.DictionaryStringExperimentWindowStats);
}
