using Microsoft.Data.Sqlite;

namespace Cellular.ControlPlane.Store.Sqlite;

/// <summary>One numbered step of the SQLite schema: its script (run with <c>@now</c>), then any code it needs.</summary>
/// <param name="Version">The <c>PRAGMA user_version</c> a file has once this step is applied.</param>
/// <param name="Summary">What it adds, for the log.</param>
/// <param name="Sql">The script.</param>
/// <param name="ApplyAsync">What SQL alone cannot say (e.g. adding a column only where it is missing); null when nothing.</param>
internal sealed record SqliteMigration(int Version, string Summary, string Sql, Func<SqliteConnection, SqliteTransaction, Task>? ApplyAsync = null);
