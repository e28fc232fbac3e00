namespace Cellular.ControlPlane.Store.Postgres;

/// <summary>PostgreSQL's spelling of what <see cref="ISqlDialect"/> abstracts. JSON documents are stored as text, so they are cast to <c>jsonb</c> where they are searched.</summary>
internal sealed class PostgresDialect : ISqlDialect
{
    public string ForUpdate => " FOR UPDATE";

    public string JsonArrayContains(string column, string arrayPath, string parameter, string? field = null)
    {
        // '$.a.b' in SQLite is the path {a,b} here; anything but an array (missing, null, an object) holds nothing, as with json_each.
        var path = "{" + string.Join(',', arrayPath.Split('.')) + "}";
        var array = $"(CASE WHEN jsonb_typeof(({column})::jsonb #> '{path}') = 'array' THEN ({column})::jsonb #> '{path}' END)";
        return field is null
            ? $"EXISTS (SELECT 1 FROM jsonb_array_elements({array}) j(value) WHERE j.value #>> '{{}}' = @{parameter})"
            : $"EXISTS (SELECT 1 FROM jsonb_array_elements({array}) j(value) WHERE j.value ->> '{field}' = @{parameter})";
    }
}
