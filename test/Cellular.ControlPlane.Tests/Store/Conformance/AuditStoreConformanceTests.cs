using System.Data.Common;
using Cellular.ControlPlane.Store;
using Dapper;

namespace Cellular.ControlPlane.Tests.Store.Conformance;

/// <summary><see cref="AuditStore"/> on every provider: newest first, filters, paging with <c>Before</c>, totals, append-only.</summary>
public abstract class AuditStoreConformanceTests : StoreConformanceTest
{
    private readonly AuditStore _audit = new();

    private protected AuditStoreConformanceTests(IStoreFactory factory)
        : base(factory)
    {
    }

    [Fact]
    public async Task ListAsync_PagesNewestFirst_WithFiltersAndTotals()
    {
        for (var i = 1; i <= 5; i++)
        {
            var n = i;
            Time.Advance(TimeSpan.FromSeconds(1));
            await Store.WriteAsync(tx => _audit.AppendAsync(tx, n % 2 == 0 ? "alice" : "bob", "cell.create", $"cell/c{n}", n == 1 ? null : $$"""{"n":{{n}}}"""), CancellationToken.None);
        }

        var first = await Store.ReadAsync(tx => _audit.ListAsync(tx, new AuditQuery(2)), CancellationToken.None);
        var second = await Store.ReadAsync(tx => _audit.ListAsync(tx, new AuditQuery(2, Before: long.Parse(first.Next!, System.Globalization.CultureInfo.InvariantCulture))), CancellationToken.None);
        var alice = await Store.ReadAsync(tx => _audit.ListAsync(tx, new AuditQuery(10, Actor: "alice")), CancellationToken.None);
        var target = await Store.ReadAsync(tx => _audit.ListAsync(tx, new AuditQuery(10, Target: "cell/c1", Action: "cell.create")), CancellationToken.None);

        Assert.Equal(["cell/c5", "cell/c4"], first.Items.Select(e => e.Target));
        Assert.Equal(5, first.Total);
        Assert.Equal(["cell/c3", "cell/c2"], second.Items.Select(e => e.Target));
        Assert.Equal(5, second.Total);
        Assert.Equal(["cell/c4", "cell/c2"], alice.Items.Select(e => e.Target));
        Assert.Null(alice.Next);
        Assert.Equal(2, alice.Total);
        var only = Assert.Single(target.Items);
        Assert.Equal(("bob", "cell.create", null), (only.Actor, only.Action, only.Detail?.GetRawText()));
        Assert.Equal(5, first.Items[0].Detail!.Value.GetProperty("n").GetInt32());
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 5, TimeSpan.Zero), first.Items[0].At);
    }

    [Fact]
    public async Task Rows_AppendedThroughTheStore_CannotBeChangedOrRemoved()
    {
        await Store.WriteAsync(tx => _audit.AppendAsync(tx, "alice", "cell.drain", "cell/c1", null), CancellationToken.None);

        await Assert.ThrowsAnyAsync<DbException>(() => Store.WriteAsync(tx => tx.Connection.ExecuteAsync("UPDATE audit SET action = 'cell.create';", transaction: tx.Transaction), CancellationToken.None));
        await Assert.ThrowsAnyAsync<DbException>(() => Store.WriteAsync(tx => tx.Connection.ExecuteAsync("DELETE FROM audit;", transaction: tx.Transaction), CancellationToken.None));

        var page = await Store.ReadAsync(tx => _audit.ListAsync(tx, new AuditQuery(10)), CancellationToken.None);
        Assert.Equal(["cell.drain"], page.Items.Select(e => e.Action));
    }

    [Fact]
    public async Task AppendAsync_InAWriteThatFails_LeavesNoRow()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.WriteAsync<int>(
            async tx =>
            {
                await _audit.AppendAsync(tx, "alice", "cell.create", "cell/c1", null);
                throw new InvalidOperationException("the change failed");
            },
            CancellationToken.None));

        var page = await Store.ReadAsync(tx => _audit.ListAsync(tx, new AuditQuery(10)), CancellationToken.None);
        Assert.Empty(page.Items);
        Assert.Equal(0, page.Total);
    }
}
