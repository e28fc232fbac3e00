using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellular.Cell.Tenancy;
using Cellular.Cell.Tests.Infrastructure;
using Cellular.Core.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Cellular.Cell.Tests.Info;

public sealed class CellInfoEndpointTests
{
    [Fact]
    public async Task GetInfo_NoTenantDirectory_ReportsIdentityAndZeroTenants()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await using var cell = await TestCell.StartAsync(b => b.Services.AddSingleton<TimeProvider>(clock), cellId: "c2", version: "9.9.9");

        using var response = await cell.Client.GetAsync(new Uri("/_cell/info", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("c2", root.GetProperty("cell").GetString());
        Assert.Equal("9.9.9", root.GetProperty("version").GetString());
        Assert.Equal(0, root.GetProperty("tenants").GetInt32());
        Assert.Equal(Environment.ProcessId, root.GetProperty("processId").GetInt32());
        Assert.Equal(clock.GetUtcNow(), root.GetProperty("startedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task GetInfo_WithTenantDirectory_ReportsItsCount()
    {
        await using var cell = await TestCell.StartAsync(b => b.Services.AddCellular().AddTenantDirectory<ThreeTenants>());

        var info = await cell.Client.GetFromJsonAsync(new Uri("/_cell/info", UriKind.Relative), CellularJsonContext.Default.CellInfo);

        Assert.Equal(3, info?.Tenants);
    }

    [Fact]
    public async Task AddTenantDirectory_AppResolvesType_SharesOneInstance()
    {
        await using var cell = await TestCell.StartAsync(b => b.Services.AddCellular().AddTenantDirectory<ThreeTenants>());

        Assert.Same(cell.App.Services.GetRequiredService<ThreeTenants>(), cell.App.Services.GetRequiredService<ICellTenantDirectory>());
    }

    private sealed class ThreeTenants : ICellTenantDirectory
    {
        public Task<int> CountTenantsAsync(CancellationToken cancellationToken) => Task.FromResult(3);
    }
}
