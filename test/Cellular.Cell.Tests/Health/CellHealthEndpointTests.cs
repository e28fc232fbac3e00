using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellular.Cell.Tests.Infrastructure;
using Cellular.Core.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cellular.Cell.Tests.Health;

public sealed class CellHealthEndpointTests
{
    [Fact]
    public async Task GetHealth_NoChecks_Returns200HealthyWithCellAndVersion()
    {
        await using var cell = await TestCell.StartAsync(cellId: "c9", version: "4.5.6");

        using var response = await cell.Client.GetAsync(new Uri("/_cell/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("c9", json.RootElement.GetProperty("cell").GetString());
        Assert.Equal("4.5.6", json.RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public async Task GetHealth_UnhealthyContributor_Returns503Unhealthy()
    {
        await using var cell = await TestCell.StartAsync(b => b.Services.AddHealthChecks().AddCheck("store", () => HealthCheckResult.Unhealthy("disk gone")));

        using var response = await cell.Client.GetAsync(new Uri("/_cell/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync(CellularJsonContext.Default.CellHealth);
        Assert.Equal("Unhealthy", health?.Status);
        Assert.Equal("c1", health?.Cell);
    }

    [Fact]
    public async Task GetHealth_DegradedContributor_Returns200Degraded()
    {
        await using var cell = await TestCell.StartAsync(b => b.Services.AddHealthChecks().AddCheck("slow", () => HealthCheckResult.Degraded()));

        using var response = await cell.Client.GetAsync(new Uri("/_cell/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync(CellularJsonContext.Default.CellHealth);
        Assert.Equal("Degraded", health?.Status);
    }
}
