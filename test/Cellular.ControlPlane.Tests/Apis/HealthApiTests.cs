using System.Net.Http.Json;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Json;
using Cellular.Testing;

namespace Cellular.ControlPlane.Tests.Apis;

public sealed class HealthApiTests : IDisposable
{
    private readonly TempDirectory _root = new("cp-health");
    private readonly ControlPlaneApp _app;

    public HealthApiTests()
    {
        _app = new ControlPlaneApp(_root.Path);
    }

    public void Dispose()
    {
        _app.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task Health_WithCellAndTenant_ReportsCountsVersionAndStore()
    {
        await using var cell = await FakeCell.StartAsync("c1");
        using var client = _app.Client();
        await client.CreateStaticCellAsync(cell);
        await client.CreateTenantAsync("""{"id":"acme"}""");

        var health = await client.GetFromJsonAsync("/api/v1/health", CellularJsonContext.Default.ControlPlaneHealth);

        Assert.Equal(("Healthy", 1, 1, Environment.ProcessId), (health!.Status, health.Cells, health.Tenants, health.ProcessId));
        Assert.Equal(await client.GetVersionAsync(), health.TableVersion);
        Assert.Equal($"sqlite:{Path.Combine(_root.Path, "control-plane", "cellular.db")}", health.Store);
        Assert.True(health.StartedAt <= TimeProvider.System.GetUtcNow());
        Assert.StartsWith($"{Environment.MachineName.ToLowerInvariant()}-{Environment.ProcessId}-", health.Replica, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_WithReplicaIdConfigured_ReportsIt()
    {
        using var app = new ControlPlaneApp(Path.Combine(_root.Path, "named"), new Dictionary<string, string?> { ["Cellular:ControlPlane:ReplicaId"] = "cp-east-1" });
        using var client = app.Client();

        var health = await client.GetFromJsonAsync("/api/v1/health", CellularJsonContext.Default.ControlPlaneHealth);

        Assert.Equal("cp-east-1", health!.Replica);
    }
}
