using System.Net.Http.Json;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Json;
using Cellular.Core.Model;
using Cellular.Testing;

namespace Cellular.ControlPlane.Tests.Store;

public sealed class PersistenceTests
{
    [Fact]
    public async Task Restart_SameDataDir_KeepsCellsTenantsVersionAndAudit()
    {
        using var root = new TempDirectory("cp-persist");
        await using var cell = await FakeCell.StartAsync("c1");
        long version;
        await using (var first = new ControlPlaneApp(root.Path))
        {
            using var client = first.Client();
            await client.CreateStaticCellAsync(cell, "\"capacity\":7");
            await client.CreateTenantAsync("""{"id":"acme","weight":2}""");
            (await client.PostAsync("/api/v1/tenants/acme/pin", null)).Dispose();
            version = await client.GetVersionAsync();
        }

        await using var second = new ControlPlaneApp(root.Path);
        using var again = second.Client();

        var cells = await again.GetFromJsonAsync("/api/v1/cells", CellularJsonContext.Default.ListCellView);
        var tenant = await again.GetFromJsonAsync("/api/v1/tenants/acme", CellularJsonContext.Default.TenantView);
        var audit = (await again.GetFromJsonAsync("/api/v1/audit", CellularJsonContext.Default.PageAuditEntry))!.Items;
        Assert.Equal(("c1", CellState.Active, 7, 1, 2), (cells![0].Id, cells[0].State, cells[0].Capacity, cells[0].Tenants, cells[0].Load));
        Assert.Equal(("c1", 2, true), (tenant!.Cell, tenant.Weight, tenant.Pinned));
        Assert.Equal(version, await again.GetVersionAsync());
        Assert.Equal(4, audit.Count(e => !e.Action.StartsWith("auth.", StringComparison.Ordinal)));

        await again.CreateTenantAsync("""{"id":"globex"}""");
        Assert.Equal(version + 1, await again.GetVersionAsync());
    }
}
