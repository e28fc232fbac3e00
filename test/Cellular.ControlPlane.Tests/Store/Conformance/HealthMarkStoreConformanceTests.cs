using Cellular.ControlPlane.Store;
using Cellular.Core.Model;
using Dapper;

namespace Cellular.ControlPlane.Tests.Store.Conformance;

/// <summary><see cref="HealthMarkStore"/> on every provider: put (an upsert), read back, replace, delete.</summary>
public abstract class HealthMarkStoreConformanceTests : StoreConformanceTest
{
    private readonly HealthMarkStore _marks = new();

    private protected HealthMarkStoreConformanceTests(IStoreFactory factory)
        : base(factory)
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Store.WriteAsync(
            async tx =>
            {
                foreach (var id in new[] { "c2", "c1" })
                {
                    await tx.Connection.ExecuteAsync(
                        "INSERT INTO cells (id, region, zone, stage, capacity, endpoint, state, provider, labels, version, created_at, updated_at) VALUES (@id, 'eu', 'eu-1', 'prod', 10, NULL, 'Unhealthy', 'static', '{}', '1', @now, @now);",
                        new { id, now = tx.NowText },
                        tx.Transaction);
                }

                return 0;
            },
            CancellationToken.None);
    }

    [Fact]
    public async Task PutAsync_TwiceForACell_KeepsTheLastMark_ListedByCell()
    {
        var at = new DateTimeOffset(2026, 1, 1, 12, 0, 0, 123, TimeSpan.Zero);
        await Store.WriteAsync(tx => _marks.PutAsync(tx, new CellHealthMark("c2", CellState.Active, at, "3 probes failed")), CancellationToken.None);
        await Store.WriteAsync(tx => _marks.PutAsync(tx, new CellHealthMark("c1", CellState.Draining, at, "timeout")), CancellationToken.None);
        await Store.WriteAsync(tx => _marks.PutAsync(tx, new CellHealthMark("c2", CellState.Draining, at.AddMinutes(1), "503")), CancellationToken.None);

        var marks = await Store.ReadAsync(tx => _marks.ListAsync(tx), CancellationToken.None);
        var c2 = await Store.WriteAsync(tx => _marks.GetForUpdateAsync(tx, "c2"), CancellationToken.None);

        Assert.Equal(
            [new CellHealthMark("c1", CellState.Draining, at, "timeout"), new CellHealthMark("c2", CellState.Draining, at.AddMinutes(1), "503")],
            marks);
        Assert.Equal(marks[1], c2);
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheMark_MissingIsNull()
    {
        await Store.WriteAsync(tx => _marks.PutAsync(tx, new CellHealthMark("c1", CellState.Active, Time.GetUtcNow(), "down")), CancellationToken.None);

        await Store.WriteAsync(tx => _marks.DeleteAsync(tx, "c1"), CancellationToken.None);

        Assert.Empty(await Store.ReadAsync(tx => _marks.ListAsync(tx), CancellationToken.None));
        Assert.Null(await Store.WriteAsync(tx => _marks.GetForUpdateAsync(tx, "c1"), CancellationToken.None));
    }
}
