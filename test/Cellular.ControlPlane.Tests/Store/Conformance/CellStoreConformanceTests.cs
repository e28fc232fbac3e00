using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Tests.Store.Conformance;

/// <summary><see cref="CellStore"/> on every provider: round-trips, order, loads, endpoints, releases, deletion.</summary>
public abstract class CellStoreConformanceTests : StoreConformanceTest
{
    private readonly CellStore _cells = new();

    private protected CellStoreConformanceTests(IStoreFactory factory)
        : base(factory)
    {
    }

    [Fact]
    public async Task InsertAsync_ThenGet_RoundTripsEveryField()
    {
        var cell = NewCell("c1") with
        {
            Labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["tier"] = "gold", ["é"] = "ü" },
            Artifact = "notes-1.2.tgz",
            Config = new Dictionary<string, string>(StringComparer.Ordinal) { ["LOG"] = "debug" },
            Template = "notes",
        };

        await Store.WriteAsync(tx => _cells.InsertAsync(tx, cell), CancellationToken.None);
        var read = await Store.ReadAsync(tx => _cells.GetAsync(tx, "c1"), CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal((cell.Id, cell.Region, cell.Zone, cell.Stage, cell.Capacity, cell.Endpoint, cell.State, cell.Provider, cell.Version, cell.Artifact, cell.Template),
            (read.Cell.Id, read.Cell.Region, read.Cell.Zone, read.Cell.Stage, read.Cell.Capacity, read.Cell.Endpoint, read.Cell.State, read.Cell.Provider, read.Cell.Version, read.Cell.Artifact, read.Cell.Template));
        Assert.Equal(cell.Labels, read.Cell.Labels);
        Assert.Equal(cell.Config, read.Cell.Config);
        Assert.Equal((0, 0L), (read.Tenants, read.Load));
        Assert.Equal(Time.GetUtcNow(), read.CreatedAt);
        Assert.Equal(Time.GetUtcNow(), read.UpdatedAt);
        Assert.Null(read.PreviousRelease);
        Assert.Null(await Store.ReadAsync(tx => _cells.GetAsync(tx, "missing"), CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_IdsOfMixedCase_AreInByteOrder_LiveOnesLeaveRetiredOut()
    {
        string[] ids = ["b", "B", "a-1", "a_1", "A", "10", "9"];
        foreach (var id in ids)
        {
            await Store.WriteAsync(tx => _cells.InsertAsync(tx, NewCell(id)), CancellationToken.None);
        }

        await Store.WriteAsync(tx => _cells.SetStateAsync(tx, "B", CellState.Retired), CancellationToken.None);

        var all = await Store.ReadAsync(tx => _cells.ListAsync(tx), CancellationToken.None);
        var live = await Store.ReadAsync(tx => _cells.ListLiveAsync(tx), CancellationToken.None);

        Assert.Equal(ids.Order(StringComparer.Ordinal), all.Select(c => c.Cell.Id));
        Assert.Equal(ids.Where(id => id != "B").Order(StringComparer.Ordinal), live.Select(c => c.Id));
    }

    [Fact]
    public async Task SetStateAsync_UpdatesStateAndTime_AndLoadsFollowTheState()
    {
        await Store.WriteAsync(tx => _cells.InsertAsync(tx, NewCell("c1")), CancellationToken.None);
        await Store.WriteAsync(tx => _cells.InsertAsync(tx, NewCell("c2")), CancellationToken.None);
        Time.Advance(TimeSpan.FromSeconds(5));

        await Store.WriteAsync(tx => _cells.SetStateAsync(tx, "c2", CellState.Draining), CancellationToken.None);

        var c2 = await Store.WriteAsync(tx => _cells.GetForUpdateAsync(tx, "c2"), CancellationToken.None);
        var active = await Store.ReadAsync(tx => _cells.ListLoadsAsync(tx, CellState.Active), CancellationToken.None);
        var load = await Store.ReadAsync(tx => _cells.GetLoadAsync(tx, "c2"), CancellationToken.None);
        Assert.Equal(CellState.Draining, c2!.Cell.State);
        Assert.Equal(Time.GetUtcNow(), c2.UpdatedAt);
        Assert.Equal(["c1"], active.Select(l => l.Id));
        Assert.Equal(("c2", CellState.Draining, 10, 0L), (load!.Id, load.State, load.Capacity, load.Load));
    }

    [Fact]
    public async Task FindEndpointOwnerAsync_LiveCellsOnly_ExceptTheOneAsked()
    {
        await Store.WriteAsync(tx => _cells.InsertAsync(tx, NewCell("c1") with { Endpoint = "http://shared" }), CancellationToken.None);

        var owner = await Store.ReadAsync(tx => _cells.FindEndpointOwnerAsync(tx, "http://shared"), CancellationToken.None);
        var except = await Store.ReadAsync(tx => _cells.FindEndpointOwnerAsync(tx, "http://shared", except: "c1"), CancellationToken.None);
        await Store.WriteAsync(tx => _cells.SetStateAsync(tx, "c1", CellState.Retired), CancellationToken.None);
        var retired = await Store.ReadAsync(tx => _cells.FindEndpointOwnerAsync(tx, "http://shared"), CancellationToken.None);

        Assert.Equal("c1", owner);
        Assert.Null(except);
        Assert.Null(retired);
    }

    [Fact]
    public async Task SetReleaseAsync_KeepsThePreviousRelease()
    {
        await Store.WriteAsync(tx => _cells.InsertAsync(tx, NewCell("c1")), CancellationToken.None);
        var previous = new CellRelease("1", null, new Dictionary<string, string>(StringComparer.Ordinal));
        var next = new CellRelease("2", "notes-2.tgz", new Dictionary<string, string>(StringComparer.Ordinal) { ["A"] = "b" });

        await Store.WriteAsync(tx => _cells.SetReleaseAsync(tx, "c1", next, "http://c1-v2", previous), CancellationToken.None);

        var read = await Store.ReadAsync(tx => _cells.GetAsync(tx, "c1"), CancellationToken.None);
        var previousReleases = await Store.ReadAsync(tx => _cells.ListPreviousReleasesAsync(tx), CancellationToken.None);
        Assert.Equal(("2", "notes-2.tgz", "http://c1-v2"), (read!.Cell.Version, read.Cell.Artifact, read.Cell.Endpoint));
        Assert.Equal(next.Config, read.Cell.Config);
        Assert.Equal("1", read.PreviousRelease!.Version);
        Assert.Equal(["c1"], previousReleases.Keys);
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheRow()
    {
        await Store.WriteAsync(tx => _cells.InsertAsync(tx, NewCell("c1")), CancellationToken.None);

        await Store.WriteAsync(tx => _cells.DeleteAsync(tx, "c1"), CancellationToken.None);

        Assert.Empty(await Store.ReadAsync(tx => _cells.ListAsync(tx), CancellationToken.None));
    }

    private static Cell NewCell(string id) =>
        new(id, "eu", "eu-1", CellStage.Prod, 10, $"http://{id}.test", CellState.Active, "static", new Dictionary<string, string>(StringComparer.Ordinal), "1");
}
