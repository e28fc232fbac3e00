using System.Net.Http.Json;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Json;
using Cellular.Core.Routing;
using Cellular.Testing;

namespace Cellular.ControlPlane.Tests.Publishing;

/// <summary>The store's identity on every table and delta, and table-wide settings that publish a new version when they change.</summary>
public sealed class TableIdentityTests : IDisposable
{
    private readonly TempDirectory _root = new("cp-table-identity");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task StoreId_IsOnTableAndDelta_KeptAcrossRestarts_AndDiffersPerStore()
    {
        string id;
        await using (var first = new ControlPlaneApp(_root.Path))
        {
            using var client = first.Client();
            await using var cell = await FakeCell.StartAsync("c1");
            await client.CreateStaticCellAsync(cell);
            var table = await client.GetTableAsync();
            var delta = (await client.GetFromJsonAsync("/api/v1/routing-table/delta?since=1", CellularJsonContext.Default.RoutingTableDelta))!;
            id = table.StoreId!;
            Assert.False(string.IsNullOrEmpty(id));
            Assert.Equal(id, delta.StoreId);
        }

        await using (var again = new ControlPlaneApp(_root.Path))
        {
            using var client = again.Client();
            Assert.Equal(id, (await client.GetTableAsync()).StoreId);
        }

        await using var other = new ControlPlaneApp(_root.Combine("other"));
        using var otherClient = other.Client();
        Assert.NotEqual(id, (await otherClient.GetTableAsync()).StoreId);
    }

    [Fact]
    public async Task Fallback_ChangedBetweenStarts_PublishesANewVersion()
    {
        long before;
        await using (var first = new ControlPlaneApp(_root.Path))
        {
            using var client = first.Client();
            before = await client.GetVersionAsync();
        }

        var hashed = new Dictionary<string, string?> { ["Cellular:ControlPlane:Fallback:Kind"] = "consistent-hash" };
        RoutingTableSnapshot changed;
        await using (var second = new ControlPlaneApp(_root.Path, hashed))
        {
            using var client = second.Client();
            changed = await client.GetTableAsync();
        }

        await using var third = new ControlPlaneApp(_root.Path, hashed);
        using var thirdClient = third.Client();
        var same = await thirdClient.GetTableAsync();
        var audit = (await thirdClient.GetFromJsonAsync("/api/v1/audit?action=table.settings", CellularJsonContext.Default.PageAuditEntry))!.Items;

        Assert.Equal(before + 1, changed.Version);
        Assert.Equal(FallbackKind.ConsistentHash, changed.Fallback.Kind);
        Assert.Equal(changed.Version, same.Version);
        Assert.Equal("control-plane", Assert.Single(audit).Actor);
    }
}
