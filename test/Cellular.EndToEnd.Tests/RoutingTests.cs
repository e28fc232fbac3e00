using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellular.Core;
using Cellular.EndToEnd.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Cellular.EndToEnd.Tests;

/// <summary>Thirty tenants over three real cells: every write lands in its tenant's cell and nowhere else.</summary>
public sealed class RoutingTests(ThreeCellStack fixture) : IClassFixture<ThreeCellStack>
{
    private readonly Stack _stack = fixture.Stack;

    [Fact]
    public async Task Notes_ThirtyTenants_LandOnlyInTheirOwnCellsDatabase()
    {
        var tenants = await _stack.CreateTenantsAsync(30);
        Assert.Equal(3, tenants.Select(t => t.Cell).Distinct().Count());

        foreach (var tenant in tenants)
        {
            for (var n = 0; n < 2; n++)
            {
                using var response = await _stack.WriteNoteAsync(tenant.Id, $"{tenant.Id} note {n}");
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                Assert.Equal(tenant.Cell, Assert.Single(response.Headers.GetValues(CellularHeaders.CellId)));
                Assert.StartsWith("assignment; v=", Assert.Single(response.Headers.GetValues(CellularHeaders.CellRoute)));
            }
        }

        // Through the router each tenant reads back exactly its own notes.
        foreach (var tenant in tenants)
        {
            using var response = await _stack.ReadNotesAsync(tenant.Id);
            response.EnsureSuccessStatusCode();
            var notes = await response.Content.ReadFromJsonAsync<JsonElement>();
            var texts = notes.EnumerateArray().Select(n => n.GetProperty("text").GetString()!).Order().ToArray();
            Assert.Equal([$"{tenant.Id} note 0", $"{tenant.Id} note 1"], texts);
        }

        // In the cells' own databases, each tenant's rows live in exactly one place: its cell.
        var cells = tenants.Select(t => t.Cell).Distinct().ToArray();
        foreach (var cell in cells)
        {
            var rows = ReadNoteTenants(_stack.CellDatabase(cell))
                .Where(r => r.Key.StartsWith("tenant-", StringComparison.Ordinal))
                .ToDictionary();
            var expected = tenants.Where(t => t.Cell == cell).Select(t => t.Id).Order().ToArray();
            Assert.Equal(expected, rows.Keys.Order().ToArray());
            Assert.All(rows.Values, count => Assert.Equal(2, count));
        }
    }

    [Fact]
    public async Task Router_ByDefault_ServesItsSocketsInline()
    {
        // The shipped default: socket completions and requests on the I/O threads (Cellular:Router:Io).
        Assert.Equal("inline", (await _stack.RouterHealthAsync()).GetProperty("io").GetString());
    }

    [Fact]
    public async Task Router_PathPrefix_RoutesAndStripsPrefix()
    {
        var tenant = (await _stack.CreateTenantsAsync(1, "path")).Single();

        using var write = await _stack.Router.PostAsJsonAsync($"/t/{tenant.Id}/notes", new { text = "via path" });
        using var read = await _stack.Router.GetAsync($"/t/{tenant.Id}/notes");

        Assert.Equal(HttpStatusCode.Created, write.StatusCode);
        Assert.Equal(tenant.Cell, Assert.Single(read.Headers.GetValues(CellularHeaders.CellId)));
        var notes = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("via path", Assert.Single(notes.EnumerateArray()).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Router_PinnedTenant_ReportsPinRule()
    {
        var tenant = (await _stack.CreateTenantsAsync(1, "pinned")).Single();
        await _stack.Local.Client.PinTenantAsync(tenant.Id);
        await _stack.Local.WaitReadyAsync();

        using var response = await _stack.ReadNotesAsync(tenant.Id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("pin; v=", Assert.Single(response.Headers.GetValues(CellularHeaders.CellRoute)));
    }

    private static Dictionary<string, int> ReadNoteTenants(string database)
    {
        Assert.True(File.Exists(database), $"cell database {database} exists");
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT tenant, COUNT(*) FROM notes GROUP BY tenant";
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result[reader.GetString(0)] = reader.GetInt32(1);
        }

        return result;
    }
}
