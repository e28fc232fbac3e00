using System.Data.Common;
using Dapper;

namespace Cellular.ControlPlane.Store.Postgres;

/// <summary>
/// Brings a database to <see cref="PostgresSchema.Version"/> in one transaction that first takes
/// <see cref="PostgresLockKeys.Migrations"/>: replicas starting together queue on the lock, the
/// first migrates, the others then find nothing left to do. <c>schema_version</c> keeps one row
/// per applied migration; a database that has a newer one than this build knows is refused.
/// </summary>
internal static class PostgresSchemaMigrator
{
    /// <summary>The migrations that were applied (empty when the schema was already current).</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(DbConnection connection, DbTransaction transaction, string now, string description)
    {
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key);", new { key = PostgresLockKeys.Migrations }, transaction);
        await connection.ExecuteAsync(
            """
            CREATE TABLE IF NOT EXISTS schema_version (
                version     bigint PRIMARY KEY,
                description text COLLATE "C" NOT NULL,
                applied_at  text COLLATE "C" NOT NULL
            );
            """,
            transaction: transaction);
        var current = await connection.ExecuteScalarAsync<long?>("SELECT max(version) FROM schema_version;", transaction: transaction) ?? 0;
        if (current > PostgresSchema.Version)
        {
            throw new InvalidOperationException(
                $"The store {description} has schema version {current}, newer than this control plane understands ({PostgresSchema.Version}); run a newer control plane.");
        }

        var applied = new List<int>();
        foreach (var migration in PostgresSchema.Migrations.Where(m => m.Version > current))
        {
            foreach (var statement in migration.Statements)
            {
                await connection.ExecuteAsync(statement, new { now }, transaction);
            }

            await connection.ExecuteAsync(
                "INSERT INTO schema_version (version, description, applied_at) VALUES (@version, @description, @now);",
                new { version = (long)migration.Version, description = migration.Description, now },
                transaction);
            applied.Add(migration.Version);
        }

        return applied;
    }
}
