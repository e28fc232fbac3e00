namespace Cellular.ControlPlane.Store.Postgres;

/// <summary>PostgreSQL's spelling of what <see cref="ISqlDialect"/> abstracts. JSON documents are stored as text, so they are cast to <c>jsonb</c> where they are searched (with the NUL escape, which <c>jsonb</c> refuses, rewritten first).</summary>
internal sealed class PostgresDialect : ISqlDialect
{
    public string ForUpdate => " FOR UPDATE";

    public string JsonArrayContains(string column, string arrayPath, string parameter, string? field = null)
    {
        // '$.a.b' in SQLite is the path {a,b} here; anything but an array (missing, null, an object) holds nothing, as with json_each.
        var path = "{" + string.Join(',', arrayPath.Split('.')) + "}";

        // jsonb refuses the escape \u0000 (text cannot hold NUL), which SQLite's JSON functions read:
        // a document holding one (a cell's log tail in an error, say) failed the whole query here.
        // Rewriting the escape's digits to \ufffd keeps the JSON valid (an escaped backslash before
        // "u0000" stays an escaped backslash) and changes only strings that held NUL or that text,
        // which no valid id does.
        var document = $@"replace({column}, E'\\u0000', E'\\ufffd')::jsonb";
        var array = $"(CASE WHEN jsonb_typeof({document} #> '{path}') = 'array' THEN {document} #> '{path}' END)";
        return field is null
            ? $"EXISTS (SELECT 1 FROM jsonb_array_elements({array}) j(value) WHERE j.value #>> '{{}}' = @{parameter})"
            : $"EXISTS (SELECT 1 FROM jsonb_array_elements({array}) j(value) WHERE j.value ->> '{field}' = @{parameter})";
    }

    public string InList(string column, string parameter) => $"{column} = ANY(@{parameter})";
}
