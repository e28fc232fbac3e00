using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Cellular.ControlPlane.Tests.Fleet;

/// <summary>
/// Measures the fleet endpoints at 1,000 cells and 1,000,000 tenants (seeded straight into SQLite,
/// as bench/ does). A measurement, not a timed test: it runs only with CELLULAR_FLEET_SCALE=1 and
/// prints its timings.
/// </summary>
public sealed class FleetScaleProbe(ITestOutputHelper output)
{
    [Fact]
    public async Task FleetAt1000CellsAnd1MTenants()
    {
        if (Environment.GetEnvironmentVariable("CELLULAR_FLEET_SCALE") != "1")
        {
            return;
        }

        await using var fleet = new FleetTestApp(withRouter: false);
        var database = Directory.GetFiles(fleet.App.Root, "*.db", SearchOption.AllDirectories).Single();
        var seed = Stopwatch.StartNew();
        Seed(database, cells: 1000, tenants: 1_000_000);
        output.WriteLine($"seeded in {seed.Elapsed.TotalSeconds:0.0} s");
        await fleet.SampleAsync();

        async Task TimeAsync(string url, int times = 5)
        {
            var timings = new List<double>();
            for (var i = 0; i < times; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await fleet.Client.GetAsync(url);
                var body = await response.Content.ReadAsByteArrayAsync();
                timings.Add(watch.Elapsed.TotalMilliseconds);
                Assert.True(response.IsSuccessStatusCode, url);
                if (i == 0)
                {
                    output.WriteLine($"{url}: {body.Length} bytes");
                }
            }

            output.WriteLine($"{url}: first {timings[0]:0} ms, then {string.Join(", ", timings.Skip(1).Select(t => t.ToString("0", CultureInfo.InvariantCulture)))} ms");
        }

        await TimeAsync("/api/v1/fleet");
        await TimeAsync("/api/v1/fleet?sort=tenants&desc=true&limit=500");
        await TimeAsync("/api/v1/fleet?q=c0999");
        await TimeAsync("/api/v1/fleet/cells/c0500");
        await TimeAsync("/api/v1/tenants?cell=c0500&limit=100");
        await TimeAsync("/api/v1/audit?target=cell/c0500");
        await TimeAsync("/api/v1/tenants/t0500000/route");
        await TimeAsync("/api/v1/migrations?cell=c0500");
    }

    private static void Seed(string database, int cells, int tenants)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite }.ToString());
        connection.Open();
        connection.Execute("PRAGMA busy_timeout = 30000;");
        using var transaction = connection.BeginTransaction(deferred: false);
        var now = TimeProvider.System.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        for (var c = 0; c < cells; c++)
        {
            connection.Execute(
                "INSERT INTO cells (id, region, zone, stage, capacity, endpoint, state, provider, labels, version, created_at, updated_at) VALUES (@id, 'eu', 'eu-1a', 'prod', 5000, @endpoint, 'Active', 'static', '{}', '1.0.0', @now, @now);",
                new { id = CellId(c), endpoint = $"http://10.0.{c / 250}.{c % 250}:80", now },
                transaction);
            connection.Execute(
                "INSERT INTO audit (at, actor, action, target, detail) VALUES (@now, 'seed', 'cell.create', @target, NULL);",
                new { now, target = "cell/" + CellId(c) },
                transaction);
        }

        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO tenants (id, cell, weight, pinned, epoch, created_at, updated_at) VALUES ($id, $cell, 1, 0, 1, $now, $now);";
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var cell = insert.Parameters.Add("$cell", SqliteType.Text);
            insert.Parameters.AddWithValue("$now", now);
            insert.Prepare();
            for (var i = 0; i < tenants; i++)
            {
                id.Value = "t" + i.ToString("D7", CultureInfo.InvariantCulture);
                cell.Value = CellId(i % cells);
                insert.ExecuteNonQuery();
            }
        }

        connection.Execute("UPDATE cells SET tenants = (SELECT COUNT(*) FROM tenants WHERE tenants.cell = cells.id), load = (SELECT COUNT(*) FROM tenants WHERE tenants.cell = cells.id);", transaction: transaction);
        connection.Execute("UPDATE table_version SET version = version + 1, changed_at = @now WHERE id = 1;", new { now }, transaction);
        transaction.Commit();
    }

    private static string CellId(int i) => "c" + i.ToString("D4", CultureInfo.InvariantCulture);
}
