using System.Globalization;
using Cellular.Cell.TenantData;
using Cellular.Core.Api;
using Dapper;

namespace Notes.Data;

internal sealed partial class NotesTenantDataStore
{
    private const string UpsertSql = """
        INSERT INTO notes (tenant, id, seq, text, created_at, deleted) VALUES (@tenant, @id, @seq, @text, @createdAt, 0)
        ON CONFLICT (tenant, id) DO UPDATE SET seq = excluded.seq, text = excluded.text, created_at = excluded.created_at, deleted = 0
        WHERE excluded.seq > notes.seq;
        """;

    /// <summary>A delete of a note this cell never had still leaves a tombstone, so this cell's own feed stays complete.</summary>
    private const string TombstoneSql = """
        INSERT INTO notes (tenant, id, seq, text, created_at, deleted) VALUES (@tenant, @id, @seq, '', '', 1)
        ON CONFLICT (tenant, id) DO UPDATE SET seq = excluded.seq, text = '', deleted = 1
        WHERE excluded.seq > notes.seq;
        """;

    public async Task<TenantChanges> GetChangesAsync(string tenant, long after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        var rows = await connection.QueryAsync<ChangeRow>(new CommandDefinition(
            "SELECT id, seq, text, created_at AS createdAt, deleted FROM notes WHERE tenant = @tenant AND seq > @after ORDER BY seq LIMIT @limit;",
            new { tenant, after, limit },
            transaction,
            cancellationToken: cancellationToken));
        var highWater = await LastSeqAsync(connection, transaction, tenant, cancellationToken);
        return new TenantChanges(rows.Select(r => r.ToChange()).ToList(), highWater);
    }

    public async Task ApplyChangesAsync(string tenant, IReadOnlyList<TenantChange> changes, long watermark, CancellationToken cancellationToken)
    {
        var parsed = changes.Select((change, i) => ParseChange(change, $"changes[{i}]")).ToList();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var (change, id, record) in parsed)
        {
            var sql = record is null ? TombstoneSql : UpsertSql;
            await connection.ExecuteAsync(new CommandDefinition(
                sql,
                new { tenant, id, seq = change.Seq, text = record?.Text, createdAt = record is null ? null : NotesStore.Format(record.CreatedAt) },
                transaction,
                cancellationToken: cancellationToken));
        }

        var lastSeq = Math.Max(watermark, parsed.Count == 0 ? 0 : parsed[^1].Change.Seq);
        if (lastSeq > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(SetLastSeqSql, new { tenant, seq = lastSeq }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static (TenantChange Change, long Id, Model.NoteRecord? Record) ParseChange(TenantChange change, string where)
    {
        if (!long.TryParse(change.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
        {
            throw new TenantDataFormatException($"{where} has key '{change.Key}'; a note's key is its id, a whole number of at least 1.");
        }

        if (change.Op == TenantChangeOperation.Delete)
        {
            return (change, id, null);
        }

        var record = ParseRecord(change.Row.GetValueOrDefault(), $"{where}.row");
        if (record.Id != id)
        {
            throw new TenantDataFormatException($"{where} has key {id} but its row is note {record.Id}.");
        }

        return (change, id, record);
    }

    /// <summary>A note or tombstone as SQLite returns it; columns in constructor order.</summary>
    private sealed record ChangeRow(long Id, long Seq, string Text, string CreatedAt, long Deleted)
    {
        public TenantChange ToChange() => Deleted != 0
            ? new TenantChange(Seq, TenantChangeOperation.Delete, Key(Id))
            : new TenantChange(Seq, TenantChangeOperation.Upsert, Key(Id), ToJson(new RecordRow(Id, Seq, Text, CreatedAt).ToRecord()));
    }
}
