using System.Globalization;
using System.Text.Json;
using Cellular.Cell.TenantData;
using Cellular.Core.Api;
using Dapper;
using Microsoft.Data.Sqlite;
using Notes.Model;

namespace Notes.Data;

/// <summary>
/// The cell contract's view of the notes database: a tenant's notes as <see cref="NoteRecord"/>
/// rows, its change sequence (<c>tenants.last_seq</c>) as the watermark, and note rows with their
/// <c>seq</c> (tombstones included) as the change feed. Reads that must agree with each other run
/// in one transaction; writes run in <c>BEGIN IMMEDIATE</c> transactions.
/// </summary>
internal sealed partial class NotesTenantDataStore(NotesDatabase database) : ITenantDataStore
{
    private const string LastSeqSql = "SELECT last_seq FROM tenants WHERE tenant = @tenant;";

    private const string SetLastSeqSql = """
        INSERT INTO tenants (tenant, last_seq) VALUES (@tenant, @seq)
        ON CONFLICT (tenant) DO UPDATE SET last_seq = max(last_seq, excluded.last_seq);
        """;

    private const string InsertSql = "INSERT INTO notes (tenant, id, seq, text, created_at) VALUES (@tenant, @id, @seq, @text, @createdAt);";

    public async Task<TenantSnapshot> ExportAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var watermark = await LastSeqAsync(connection, transaction, tenant, cancellationToken);
        var rows = await connection.QueryAsync<RecordRow>(new CommandDefinition(
            "SELECT id, seq, text, created_at AS createdAt FROM notes WHERE tenant = @tenant AND deleted = 0 ORDER BY id;",
            new { tenant },
            transaction,
            cancellationToken: cancellationToken));
        return new TenantSnapshot(tenant, watermark, rows.Select(r => ToJson(r.ToRecord())).ToList());
    }

    public async Task ImportAsync(TenantSnapshot snapshot, CancellationToken cancellationToken)
    {
        var records = ParseSnapshot(snapshot);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await DeleteTenantAsync(connection, transaction, snapshot.Tenant, cancellationToken);
        foreach (var record in records)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                InsertSql,
                new { tenant = snapshot.Tenant, id = record.Id, seq = record.Seq, text = record.Text, createdAt = NotesStore.Format(record.CreatedAt) },
                transaction,
                cancellationToken: cancellationToken));
        }

        if (snapshot.Watermark > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(SetLastSeqSql, new { tenant = snapshot.Tenant, seq = snapshot.Watermark }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<TenantDataStats> GetStatsAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<TenantDataStats>(new CommandDefinition(
            """
            SELECT (SELECT COUNT(*) FROM notes WHERE tenant = @tenant AND deleted = 0) AS rows,
                   COALESCE((SELECT last_seq FROM tenants WHERE tenant = @tenant), 0) AS watermark;
            """,
            new { tenant },
            cancellationToken: cancellationToken));
    }

    public async Task PurgeAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await DeleteTenantAsync(connection, transaction, tenant, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> CountTenantsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM tenants;", cancellationToken: cancellationToken));
    }

    private static async Task DeleteTenantAsync(SqliteConnection connection, SqliteTransaction transaction, string tenant, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM notes WHERE tenant = @tenant;", new { tenant }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM tenants WHERE tenant = @tenant;", new { tenant }, transaction, cancellationToken: cancellationToken));
    }

    private static async Task<long> LastSeqAsync(SqliteConnection connection, SqliteTransaction transaction, string tenant, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long?>(new CommandDefinition(LastSeqSql, new { tenant }, transaction, cancellationToken: cancellationToken)) ?? 0;

    private static List<NoteRecord> ParseSnapshot(TenantSnapshot snapshot)
    {
        var records = new List<NoteRecord>(snapshot.Rows.Count);
        var ids = new HashSet<long>();
        for (var i = 0; i < snapshot.Rows.Count; i++)
        {
            var record = ParseRecord(snapshot.Rows[i], $"rows[{i}]");
            if (record.Seq > snapshot.Watermark)
            {
                throw new TenantDataFormatException($"rows[{i}] has seq {record.Seq}, above the snapshot's watermark {snapshot.Watermark}.");
            }

            if (!ids.Add(record.Id))
            {
                throw new TenantDataFormatException($"rows[{i}] repeats note id {record.Id}.");
            }

            records.Add(record);
        }

        return records;
    }

    private static NoteRecord ParseRecord(JsonElement row, string where)
    {
        NoteRecord? record;
        try
        {
            record = row.Deserialize(NotesTransferJsonContext.Default.NoteRecord);
        }
        catch (JsonException e)
        {
            throw new TenantDataFormatException($"{where} is not a note ({e.Message}).", e);
        }

        if (record is null || record.Id < 1 || record.Seq < 1)
        {
            throw new TenantDataFormatException($"{where} is not a note: it needs id and seq of at least 1, text and createdAt.");
        }

        return record;
    }

    private static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static JsonElement ToJson(NoteRecord record) => JsonSerializer.SerializeToElement(record, NotesTransferJsonContext.Default.NoteRecord);

    /// <summary>A live note as SQLite returns it; columns in constructor order.</summary>
    private sealed record RecordRow(long Id, long Seq, string Text, string CreatedAt)
    {
        public NoteRecord ToRecord() => new(Id, Seq, Text, NotesStore.Parse(CreatedAt));
    }
}
