using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cellular.PropagationBenchmark;

/// <summary>
/// Puts the tenants straight into the control plane's SQLite file, in one transaction that also
/// bumps the table version — a million API calls would take most of an hour and measure nothing
/// a benchmark is about. Tenant i (<c>t0000000</c>, …) goes to cell <c>cellId(i % cells)</c>.
/// The console benchmark compiles this same file, so the SQL that knows the store's schema is
/// written once.
/// </summary>
internal static class TenantSeeder
{
    public static string TenantId(int i) => "t" + i.ToString("D7", CultureInfo.InvariantCulture);

    public static void Seed(string database, int tenants, int cells, Func<int, string> cellId)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite }.ToString());
        connection.Open();
        connection.Execute("PRAGMA busy_timeout = 30000;");
        using var transaction = connection.BeginTransaction(deferred: false);
        var now = TimeProvider.System.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
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
                id.Value = TenantId(i);
                cell.Value = cellId(i % cells);
                insert.ExecuteNonQuery();
            }
        }

        connection.Execute(
            "UPDATE cells SET tenants = (SELECT COUNT(*) FROM tenants WHERE tenants.cell = cells.id), load = (SELECT COUNT(*) FROM tenants WHERE tenants.cell = cells.id);",
            transaction: transaction);
        connection.Execute("UPDATE table_version SET version = version + 1, changed_at = @now WHERE id = 1;", new { now }, transaction);
        transaction.Commit();
    }
}
