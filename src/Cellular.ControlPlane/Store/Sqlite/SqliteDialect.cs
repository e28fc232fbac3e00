namespace Cellular.ControlPlane.Store.Sqlite;

/// <summary>SQLite's spelling of what <see cref="ISqlDialect"/> abstracts.</summary>
internal sealed class SqliteDialect : ISqlDialect
{
    public string ForUpdate => string.Empty;

    public string JsonArrayContains(string column, string arrayPath, string parameter, string? field = null) =>
        field is null
            ? $"EXISTS (SELECT 1 FROM json_each({column}, '$.{arrayPath}') j WHERE j.value = @{parameter})"
            : $"EXISTS (SELECT 1 FROM json_each({column}, '$.{arrayPath}') j WHERE json_extract(j.value, '$.{field}') = @{parameter})";

    public string InList(string column, string parameter) => $"{column} IN @{parameter}";
}
