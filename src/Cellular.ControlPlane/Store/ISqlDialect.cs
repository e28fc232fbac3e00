namespace Cellular.ControlPlane.Store;

/// <summary>
/// The few pieces of SQL that are not the same on SQLite and PostgreSQL. The per-aggregate
/// stores write everything else once: upserts as <c>INSERT … ON CONFLICT</c>, the same table
/// and column names, integers as 64-bit, flags as 0/1 integers, timestamps as ISO 8601 text
/// (which sorts like time) and ids compared byte-wise (PostgreSQL's columns use <c>COLLATE "C"</c>).
/// </summary>
internal interface ISqlDialect
{
    /// <summary>Appended to a SELECT whose rows the transaction will change: empty on SQLite (its writers are already serialised), <c> FOR UPDATE</c> on PostgreSQL.</summary>
    string ForUpdate { get; }

    /// <summary>A condition true when the JSON array at <paramref name="arrayPath"/> of column <paramref name="column"/> holds a string equal to parameter <paramref name="parameter"/>, or an object whose <paramref name="field"/> equals it (when given).</summary>
    string JsonArrayContains(string column, string arrayPath, string parameter, string? field = null);

    /// <summary>
    /// A condition true when <paramref name="column"/> equals one of the values of list parameter
    /// <paramref name="parameter"/> (pass an array): <c>IN @p</c> on SQLite, which Dapper expands
    /// into one parameter per value; <c>= ANY(@p)</c> on PostgreSQL, where Dapper sends the list as
    /// one array parameter and <c>IN @p</c> would be a syntax error.
    /// </summary>
    string InList(string column, string parameter);
}
