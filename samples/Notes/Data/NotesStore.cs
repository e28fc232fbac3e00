using System.Globalization;
using Cellular.Cell.Ownership;
using Cellular.Cell.Tenancy;
using Dapper;
using Microsoft.Data.Sqlite;
using Notes.Model;

namespace Notes.Data;

/// <summary>
/// Tenant-scoped notes over SQLite. Every write runs in a <c>BEGIN IMMEDIATE</c> transaction that
/// first checks the tenant's ownership record (so nothing is written once the SDK has fenced the
/// tenant), then takes the tenant's next change sequence number (<c>tenants.last_seq</c>): a new
/// note's id is that number, and a delete stamps it on the note's tombstone.
/// </summary>
internal sealed partial class NotesStore(NotesDatabase database, TimeProvider timeProvider, ILogger<NotesStore> logger)
{
    private const string NextSeqSql = """
        INSERT INTO tenants (tenant, last_seq) VALUES (@tenant, 1)
        ON CONFLICT (tenant) DO UPDATE SET last_seq = last_seq + 1
        RETURNING last_seq;
        """;

    private const string InsertSql = "INSERT INTO notes (tenant, id, seq, text, created_at) VALUES (@tenant, @id, @id, @text, @createdAt);";

    private const string DeleteSql = "UPDATE notes SET deleted = 1, text = '', seq = @seq WHERE tenant = @tenant AND id = @id;";

    private const string SelectColumns = "SELECT id, text, created_at AS createdAt FROM notes";

    public static string Format(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    /// <exception cref="TenantMisdirectedException">This cell does not serve the tenant; nothing was written.</exception>
    public async Task<Note> CreateAsync(ITenantContext tenant, string text, CancellationToken cancellationToken)
    {
        var createdAt = timeProvider.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await BeginOwnedWriteAsync(connection, tenant, cancellationToken);
        var id = await NextSeqAsync(connection, transaction, tenant.TenantId!, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, new { tenant = tenant.TenantId, id, text, createdAt = Format(createdAt) }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);

        LogNoteCreated(logger, id, tenant.TenantId!);
        return new Note(id, text, createdAt);
    }

    /// <returns>False when the tenant has no such note.</returns>
    /// <exception cref="TenantMisdirectedException">This cell does not serve the tenant; nothing was written.</exception>
    public async Task<bool> DeleteAsync(ITenantContext tenant, long id, CancellationToken cancellationToken)
    {
        var tenantId = tenant.TenantId!;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await BeginOwnedWriteAsync(connection, tenant, cancellationToken);
        var exists = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT 1 FROM notes WHERE tenant = @tenant AND id = @id AND deleted = 0;", new { tenant = tenantId, id }, transaction, cancellationToken: cancellationToken));
        if (exists is null)
        {
            return false;
        }

        var seq = await NextSeqAsync(connection, transaction, tenantId, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { tenant = tenantId, id, seq }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);

        LogNoteDeleted(logger, id, tenantId, seq);
        return true;
    }

    /// <summary>Up to <paramref name="limit"/> notes of the tenant with an id above <paramref name="after"/>, by id.</summary>
    public async Task<IReadOnlyList<Note>> ListAsync(string tenant, long after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<NoteRow>(new CommandDefinition(
            $"{SelectColumns} WHERE tenant = @tenant AND id > @after AND deleted = 0 ORDER BY id LIMIT @limit;",
            new { tenant, after, limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToNote()).ToList();
    }

    public async Task<Note?> GetAsync(string tenant, long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<NoteRow>(new CommandDefinition(
            $"{SelectColumns} WHERE tenant = @tenant AND id = @id AND deleted = 0;",
            new { tenant, id },
            cancellationToken: cancellationToken));
        return row?.ToNote();
    }

    /// <summary>
    /// Starts a write transaction (taking SQLite's write lock at once) and refuses, inside it, a
    /// tenant this cell does not serve: the check and the write commit or fail together.
    /// </summary>
    private static async Task<SqliteTransaction> BeginOwnedWriteAsync(SqliteConnection connection, ITenantContext tenant, CancellationToken cancellationToken)
    {
        var transaction = connection.BeginTransaction(deferred: false);
        try
        {
            var ownership = await NotesOwnershipStore.ReadAsync(connection, transaction, tenant.TenantId!, cancellationToken);
            TenantOwnershipGuard.EnsureOwned(tenant, ownership);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    private static Task<long> NextSeqAsync(SqliteConnection connection, SqliteTransaction transaction, string tenant, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(NextSeqSql, new { tenant }, transaction, cancellationToken: cancellationToken));

    /// <summary>A row as SQLite returns it; columns in constructor order.</summary>
    private sealed record NoteRow(long Id, string Text, string CreatedAt)
    {
        public Note ToNote() => new(Id, Text, Parse(CreatedAt));
    }
}
