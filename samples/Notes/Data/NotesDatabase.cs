using Cellular.Cell;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Notes.Data;

/// <summary>
/// The cell's SQLite file, <c>{DataDir}/notes.db</c>. Hands out one pooled connection per
/// operation, each with a busy timeout so concurrent writers wait instead of failing.
/// </summary>
internal sealed class NotesDatabase
{
    public const string FileName = "notes.db";
    private const int BusyTimeoutMilliseconds = 5_000;

    /// <summary>
    /// <c>tenants.last_seq</c> is each tenant's change sequence; every write takes the next number
    /// in its transaction. A note records the number of its latest change in <c>seq</c>; a deleted
    /// note stays as a tombstone (<c>deleted = 1</c>, text cleared) so the change feed has it.
    /// <c>tenant_ownership</c> holds the SDK's fencing record, read inside every write transaction.
    /// </summary>
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS tenants (
            tenant   TEXT    NOT NULL PRIMARY KEY,
            last_seq INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS notes (
            tenant     TEXT    NOT NULL,
            id         INTEGER NOT NULL,
            seq        INTEGER NOT NULL,
            text       TEXT    NOT NULL,
            created_at TEXT    NOT NULL,
            deleted    INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (tenant, id)
        );
        CREATE INDEX IF NOT EXISTS notes_by_seq ON notes (tenant, seq);
        CREATE TABLE IF NOT EXISTS tenant_ownership (
            tenant   TEXT    NOT NULL PRIMARY KEY,
            state    TEXT    NOT NULL,
            epoch    INTEGER NOT NULL,
            moved_to TEXT
        );
        """;

    private readonly string _connectionString;

    public NotesDatabase(IOptions<CellOptions> options)
    {
        DirectoryPath = Path.GetFullPath(options.Value.DataDir);
        FilePath = Path.Combine(DirectoryPath, FileName);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    public string DirectoryPath { get; }

    public string FilePath { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition($"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};", cancellationToken: cancellationToken));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates the directory, switches the file to WAL (a setting stored in the file) and creates the tables.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DirectoryPath);
        await using var connection = await OpenAsync(cancellationToken);
        var mode = await connection.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: cancellationToken));
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"SQLite refused write-ahead logging for {FilePath} (journal mode is '{mode}').");
        }

        await connection.ExecuteAsync(new CommandDefinition(Schema, cancellationToken: cancellationToken));
    }
}
