using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.ControlPlane.Tests.Store.Conformance;

/// <summary>
/// <see cref="MigrationStore"/> on every provider: the JSON document round-trip, ids and sequence,
/// the filters and orders of the lists, one unfinished migration per tenant, the reservations.
/// </summary>
public abstract class MigrationStoreConformanceTests : StoreConformanceTest
{
    private readonly MigrationStore _migrations = new();

    private protected MigrationStoreConformanceTests(IStoreFactory factory)
        : base(factory)
    {
    }

    [Fact]
    public async Task InsertAsync_ThenGet_RoundTripsTheWholeDocument()
    {
        var at = Time.GetUtcNow().AddTicks(1_234_567);
        var migration = NewMigration("mig-1", "tënant-ü", "zürich-1", "c2") with
        {
            State = MigrationState.Soak,
            Force = true,
            AbortRequested = true,
            ReverseOf = "mig-0",
            ReversedBy = "mig-9",
            Reason = "reversed: \"quoted\" ✓",
            LastError = "a\nmultiline\terror \\ with ünïcode",
            SoakUntil = at.AddMinutes(10),
            Report = new MigrationReport(
                [new MigrationPhase(MigrationState.Planned, at, at.AddSeconds(1), 1000), new MigrationPhase(MigrationState.Copying, at.AddSeconds(1))],
                17,
                long.MaxValue,
                12,
                34,
                5_000_000_000,
                3,
                0,
                new MigrationVerification(true, false, 10, 11, 12, 13, "abc", null, "sampled"),
                new MigrationCutover(2000, 9, 12, 4, 4096, "h1", "h1", 99, 150, 160, null)),
        };

        var (seq, id) = await Store.WriteAsync(tx => _migrations.NextIdAsync(tx), CancellationToken.None);
        await Store.WriteAsync(tx => _migrations.InsertAsync(tx, seq, migration with { Id = id }), CancellationToken.None);

        var read = await Store.ReadAsync(tx => _migrations.GetAsync(tx, "mig-1"), CancellationToken.None);
        var locked = await Store.WriteAsync(tx => _migrations.GetForUpdateAsync(tx, "mig-1"), CancellationToken.None);
        Assert.Equal((1L, "mig-1"), (seq, id));
        Assert.NotNull(read);
        Assert.Equal(Json(migration), Json(read));
        Assert.Equal((migration.Tenant, migration.From, migration.To, migration.State, migration.SoakUntil), (read.Tenant, read.From, read.To, read.State, read.SoakUntil));
        Assert.Equal(long.MaxValue, read.Report.SyncedTo);
        Assert.Equal(Json(migration), Json(locked!));
    }

    [Fact]
    public async Task GetAsync_MissingMigration_IsNull()
    {
        await InsertAsync(NewMigration("ignored", "t1", "c1", "c2"));

        Assert.Null(await Store.ReadAsync(tx => _migrations.GetAsync(tx, "mig-2"), CancellationToken.None));
        Assert.Null(await Store.ReadAsync(tx => _migrations.GetAsync(tx, "MIG-1"), CancellationToken.None));
        Assert.Null(await Store.WriteAsync(tx => _migrations.GetForUpdateAsync(tx, "missing"), CancellationToken.None));
    }

    [Fact]
    public async Task NextIdAsync_FollowsTheHighestSequence_PastNine()
    {
        var first = await Store.ReadAsync(tx => _migrations.NextIdAsync(tx), CancellationToken.None);
        for (var i = 0; i < 10; i++)
        {
            await InsertAsync(NewMigration("ignored", $"t{i}", "c1", "c2") with { State = MigrationState.Complete });
        }

        var next = await Store.ReadAsync(tx => _migrations.NextIdAsync(tx), CancellationToken.None);
        var tenth = await Store.ReadAsync(tx => _migrations.GetAsync(tx, "mig-10"), CancellationToken.None);

        Assert.Equal((1L, "mig-1"), first);
        Assert.Equal((11L, "mig-11"), next);
        Assert.Equal("t9", tenth!.Tenant);
    }

    [Fact]
    public async Task ListAsync_NewestFirstBySequence_WithEachFilterAndTheLimit()
    {
        // 12 migrations so that 'mig-10' > 'mig-9' in sequence but not as text.
        for (var i = 1; i <= 12; i++)
        {
            var state = i % 3 == 0 ? MigrationState.Complete : i % 3 == 1 ? MigrationState.Aborted : MigrationState.Failed;
            await InsertAsync(NewMigration("ignored", i % 2 == 0 ? "even" : "odd", $"c{i % 4}", "c9") with { State = state });
        }

        await InsertAsync(NewMigration("ignored", "odd", "c1", "c2") with { State = MigrationState.Copying });

        var all = await ListAsync(null, null, null, 100);
        var limited = await ListAsync(null, null, null, 3);
        var complete = await ListAsync(MigrationState.Complete, null, null, 100);
        var even = await ListAsync(null, "even", null, 100);
        var bySource = await ListAsync(null, null, "c1", 100);
        var byTarget = await ListAsync(null, null, "c9", 2);
        var combined = await ListAsync(MigrationState.Aborted, "odd", "c1", 100);
        var none = await ListAsync(MigrationState.Soak, null, null, 100);

        Assert.Equal(Enumerable.Range(1, 13).Reverse().Select(i => $"mig-{i}"), all.Select(m => m.Id));
        Assert.Equal(["mig-13", "mig-12", "mig-11"], limited.Select(m => m.Id));
        Assert.Equal(["mig-12", "mig-9", "mig-6", "mig-3"], complete.Select(m => m.Id));
        Assert.Equal(["mig-12", "mig-10", "mig-8", "mig-6", "mig-4", "mig-2"], even.Select(m => m.Id));
        Assert.Equal(["mig-13", "mig-9", "mig-5", "mig-1"], bySource.Select(m => m.Id));
        Assert.Equal(["mig-12", "mig-11"], byTarget.Select(m => m.Id));
        Assert.Equal(["mig-1"], combined.Select(m => m.Id));
        Assert.Empty(none);
    }

    [Fact]
    public async Task ListUnfinishedAsync_EveryStateButCompleteAbortedFailed_OldestFirst()
    {
        var states = Enum.GetValues<MigrationState>();
        foreach (var (state, i) in states.Reverse().Select((state, i) => (state, i)))
        {
            await InsertAsync(NewMigration("ignored", $"t{i}", "c1", "c2") with { State = state });
        }

        var unfinished = await Store.ReadAsync(tx => _migrations.ListUnfinishedAsync(tx), CancellationToken.None);

        MigrationState[] finished = [MigrationState.Complete, MigrationState.Aborted, MigrationState.Failed];
        Assert.Equal(states.Reverse().Where(s => !finished.Contains(s)), unfinished.Select(m => m.State));
        Assert.Equal(unfinished.Select(m => m.Id).OrderBy(id => int.Parse(id["mig-".Length..], CultureInfo.InvariantCulture)), unfinished.Select(m => m.Id));
    }

    [Fact]
    public async Task FindUnfinishedAsync_TheTenantsOneUnderWay_NotFinishedOnes_NotTheExcepted()
    {
        await InsertAsync(NewMigration("ignored", "t1", "c1", "c2") with { State = MigrationState.Aborted });
        await InsertAsync(NewMigration("ignored", "t1", "c1", "c2") with { State = MigrationState.Complete });
        await InsertAsync(NewMigration("ignored", "t1", "c2", "c3") with { State = MigrationState.Switched });
        await InsertAsync(NewMigration("ignored", "t2", "c1", "c2") with { State = MigrationState.Failed });

        var t1 = await Store.ReadAsync(tx => _migrations.FindUnfinishedAsync(tx, "t1"), CancellationToken.None);
        var except = await Store.ReadAsync(tx => _migrations.FindUnfinishedAsync(tx, "t1", except: "mig-3"), CancellationToken.None);
        var exceptOther = await Store.ReadAsync(tx => _migrations.FindUnfinishedAsync(tx, "t1", except: "mig-1"), CancellationToken.None);
        var t2 = await Store.ReadAsync(tx => _migrations.FindUnfinishedAsync(tx, "t2"), CancellationToken.None);
        var unknown = await Store.ReadAsync(tx => _migrations.FindUnfinishedAsync(tx, "T1"), CancellationToken.None);

        Assert.Equal(("mig-3", MigrationState.Switched), (t1!.Id, t1.State));
        Assert.Null(except);
        Assert.Equal("mig-3", exceptOther!.Id);
        Assert.Null(t2);
        Assert.Null(unknown);
    }

    [Fact]
    public async Task InsertAsync_ASecondUnfinishedMigrationOfATenant_IsRefused()
    {
        await InsertAsync(NewMigration("ignored", "t1", "c1", "c2") with { State = MigrationState.Copying });

        await Assert.ThrowsAnyAsync<DbException>(() => InsertAsync(NewMigration("ignored", "t1", "c1", "c3")));
        await InsertAsync(NewMigration("ignored", "t1", "c1", "c3") with { State = MigrationState.Failed });
        await InsertAsync(NewMigration("ignored", "t2", "c1", "c3"));

        var all = await ListAsync(null, null, null, 100);
        Assert.Equal([("mig-3", "t2"), ("mig-2", "t1"), ("mig-1", "t1")], all.Select(m => (m.Id, m.Tenant)));
    }

    [Fact]
    public async Task SaveAsync_WritesStateAndDocument_TheStateColumnFollows()
    {
        var planned = NewMigration("ignored", "t1", "c1", "c2");
        await InsertAsync(planned);
        Time.Advance(TimeSpan.FromSeconds(30));
        var saved = planned with
        {
            Id = "mig-1",
            State = MigrationState.Complete,
            Reason = "done ✓",
            UpdatedAt = Time.GetUtcNow(),
            Report = planned.Report with { RowsCopied = 42, Phases = [new MigrationPhase(MigrationState.Planned, planned.CreatedAt, Time.GetUtcNow(), 30_000)] },
        };

        await Store.WriteAsync(tx => _migrations.SaveAsync(tx, saved), CancellationToken.None);
        await Store.WriteAsync(tx => _migrations.SaveAsync(tx, saved with { Id = "missing" }), CancellationToken.None);

        var read = await Store.ReadAsync(tx => _migrations.GetAsync(tx, "mig-1"), CancellationToken.None);
        Assert.Equal(Json(saved), Json(read!));
        Assert.Empty(await Store.ReadAsync(tx => _migrations.ListUnfinishedAsync(tx), CancellationToken.None));
        Assert.Null(await Store.ReadAsync(tx => _migrations.FindUnfinishedAsync(tx, "t1"), CancellationToken.None));
        Assert.Equal(["mig-1"], (await ListAsync(MigrationState.Complete, null, null, 10)).Select(m => m.Id));
        Assert.Null(await Store.ReadAsync(tx => _migrations.GetAsync(tx, "missing"), CancellationToken.None));
    }

    [Fact]
    public async Task GetReservationsAsync_SumsTheWeightOfUnswitchedMigrations_PerCell_InAndOut()
    {
        await InsertAsync(NewMigration("ignored", "t1", "c1", "c2") with { Weight = 3, State = MigrationState.Planned });
        await InsertAsync(NewMigration("ignored", "t2", "c1", "c2") with { Weight = 4, State = MigrationState.Cutover });
        await InsertAsync(NewMigration("ignored", "t3", "c2", "c3") with { Weight = 5, State = MigrationState.Copying });
        await InsertAsync(NewMigration("ignored", "t4", "c3", "zürich-1") with { Weight = 6, State = MigrationState.Verifying });
        await InsertAsync(NewMigration("ignored", "t5", "c3", "c4") with { Weight = 100, State = MigrationState.Switched });
        await InsertAsync(NewMigration("ignored", "t6", "c3", "c4") with { Weight = 100, State = MigrationState.Soak });
        await InsertAsync(NewMigration("ignored", "t7", "c3", "c4") with { Weight = 100, State = MigrationState.Aborted });
        await InsertAsync(NewMigration("ignored", "t8", "c1", "c4") with { Weight = int.MaxValue, State = MigrationState.CatchingUp });
        await InsertAsync(NewMigration("ignored", "t9", "c1", "c4") with { Weight = int.MaxValue, State = MigrationState.Planned });

        var reservations = await Store.ReadAsync(tx => _migrations.GetReservationsAsync(tx), CancellationToken.None);
        var empty = await (await NewStoreAsync()).ReadAsync(tx => _migrations.GetReservationsAsync(tx), CancellationToken.None);

        Assert.Equal(
            [
                ("c1", new CellReservation(0, 7 + (2L * int.MaxValue))),
                ("c2", new CellReservation(7, 5)),
                ("c3", new CellReservation(5, 6)),
                ("c4", new CellReservation(2L * int.MaxValue, 0)),
                ("zürich-1", new CellReservation(6, 0)),
            ],
            reservations.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r.Value)));
        Assert.Empty(empty);
    }

    private async Task<IStoreDatabase> NewStoreAsync()
    {
        var store = await CreateStoreAsync();
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    private Task<IReadOnlyList<Migration>> ListAsync(MigrationState? state, string? tenant, string? cell, int limit) =>
        Store.ReadAsync(tx => _migrations.ListAsync(tx, state, tenant, cell, limit), CancellationToken.None);

    /// <summary>Inserts <paramref name="migration"/> under the next id, as <c>MigrationService</c> does.</summary>
    private Task InsertAsync(Migration migration) =>
        Store.WriteAsync(
            async tx =>
            {
                var (seq, id) = await _migrations.NextIdAsync(tx);
                await _migrations.InsertAsync(tx, seq, migration with { Id = id });
            },
            CancellationToken.None);

    private Migration NewMigration(string id, string tenant, string from, string to) =>
        new(id, tenant, from, to, 1, 1, 2, MigrationState.Planned, false, false, null, null, null, null, "admin", Time.GetUtcNow(), Time.GetUtcNow(), null, MigrationReport.Empty);

    private static string Json(Migration migration) => JsonSerializer.Serialize(migration, CellularJsonContext.Default.Migration);
}
