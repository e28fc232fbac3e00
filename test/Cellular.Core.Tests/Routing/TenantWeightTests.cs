using System.Text.Json;
using Cellular.Core.Json;
using Cellular.Core.Routing;

namespace Cellular.Core.Tests.Routing;

public sealed class TenantWeightTests
{
    [Fact]
    public void GetTenantWeight_PublishedWeight_Returned()
    {
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(1), [new("big", "c1", 1, false, Weight: 40), new("small", "c1", 1, false)]));

        Assert.Equal(40, table.GetTenantWeight("big"));
        Assert.Equal(40, table.GetTenantWeight("xbigx".AsSpan(1, 3)));
        Assert.Equal(1, table.GetTenantWeight("small"));
    }

    [Fact]
    public void GetTenantWeight_KeyNotInTable_One()
    {
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(1), [new("big", "c1", 1, false, Weight: 3)]));

        Assert.Equal(1, table.GetTenantWeight("nobody"));
        Assert.Equal(1, RoutingTable.Empty.GetTenantWeight("big"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_000_001)]
    public void FromSnapshot_WeightOutOfRange_RefusedNamingTenant(int weight)
    {
        var snapshot = TableFactory.Snapshot(TableFactory.Cells(1), [new("acme", "c1", 1, false, weight)]);

        var error = Assert.Throws<RoutingTableException>(() => RoutingTable.FromSnapshot(snapshot));

        Assert.Contains($"Tenant 'acme' has weight {weight}", error.Message);
        Assert.Contains("between 1 and 1000000", error.Message);
    }

    [Fact]
    public void ToSnapshot_Weights_RoundTrip()
    {
        var table = RoutingTable.FromSnapshot(TableFactory.Snapshot(TableFactory.Cells(1), [new("big", "c1", 1, false, Weight: 1_000_000), new("small", "c1", 2, true)]));

        var tenants = table.ToSnapshot().Tenants.ToDictionary(t => t.Id);

        Assert.Equal(1_000_000, tenants["big"].Weight);
        Assert.Equal(1, tenants["small"].Weight);
    }

    [Fact]
    public void Deserialize_TenantWithoutWeight_WeighsOne()
    {
        const string json = """{"id":"acme","cell":"c1","epoch":3,"pinned":false}""";

        var spec = JsonSerializer.Deserialize(json, CellularJsonContext.Default.TenantRouteSpec);

        Assert.Equal(1, spec!.Weight);
    }

    [Fact]
    public void Serialize_Weight_WrittenAsWeight()
    {
        var json = JsonSerializer.Serialize(new TenantRouteSpec("acme", "c1", 3, false, 7), CellularJsonContext.Default.TenantRouteSpec);

        Assert.Contains("\"weight\":7", json);
    }
}
