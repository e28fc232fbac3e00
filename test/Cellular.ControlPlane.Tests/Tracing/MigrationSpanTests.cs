using System.Collections.Concurrent;
using System.Diagnostics;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Tests.Tracing;

/// <summary>A migration between two real Notes cells is traced phase by phase on <c>Cellular.ControlPlane</c>.</summary>
[Collection(NotesCellsCollection.Name)]
public sealed class MigrationSpanTests(NotesCells cells) : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private ActivityListener? _listener;

    public void Dispose() => _listener?.Dispose();

    [Fact]
    public async Task Migrate_EachPhaseIsAChildSpanOfTheMigrationWithItsIdsAndOutcome()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Cellular.ControlPlane",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        await using var harness = await MigrationHarness.StartAsync(cells);
        var tenant = MigrationHarness.NewTenant("traced");
        await harness.CreateTenantAsync(tenant, "c1");

        var planned = await harness.MigrateAsync(tenant, "c2");
        await harness.WaitForAsync(planned.Id, MigrationState.Soak);
        harness.PassSoak();
        await harness.WaitForAsync(planned.Id, MigrationState.Complete);

        var mine = await SpansOfAsync(planned.Id);
        var run = Assert.Single(mine, s => s.OperationName == "migration");
        Assert.Equal("Complete", run.GetTagItem("cellular.outcome"));
        Assert.Equal(ActivityStatusCode.Unset, run.Status);
        var phases = mine.Where(s => s.ParentSpanId == run.SpanId).ToDictionary(s => s.OperationName, s => (string?)s.GetTagItem("cellular.outcome"));
        Assert.Equal("CatchingUp", phases["migration.copying"]);
        Assert.Equal("Verifying", phases["migration.catchingup"]);
        Assert.Equal("Switched", phases["migration.verifying"]);
        Assert.Equal("Soak", phases["migration.switched"]);
        Assert.Equal("Complete", phases["migration.soak"]);
        Assert.All(mine, s =>
        {
            Assert.Equal(tenant, s.GetTagItem("tenant.id"));
            Assert.Equal("c1", s.GetTagItem("cell.id"));
            Assert.Equal("c2", s.GetTagItem("cellular.migration.target"));
        });
    }

    /// <summary>The migration's spans once its run span has ended (just after the store says Complete).</summary>
    private async Task<List<Activity>> SpansOfAsync(string id)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var mine = _stopped.Where(s => (string?)s.GetTagItem("migration.id") == id).ToList();
            if (mine.Any(s => s.OperationName == "migration"))
            {
                return mine;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"The span of migration {id} did not end; spans seen: {string.Join(", ", _stopped.Select(s => s.OperationName))}");
        return [];
    }
}
