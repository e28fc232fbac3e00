namespace Cellular.ControlPlane.Store.Postgres;

/// <summary>One numbered step of the PostgreSQL schema, run once in the migration transaction; statements may use <c>@now</c> (the transaction's ISO 8601 time).</summary>
/// <param name="Version">Its number: the same number as the SQLite schema version that made the same change.</param>
/// <param name="Description">What it adds, recorded in <c>schema_version</c>.</param>
/// <param name="Statements">The statements, run in order.</param>
internal sealed record PostgresMigration(int Version, string Description, IReadOnlyList<string> Statements);
