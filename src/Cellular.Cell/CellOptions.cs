namespace Cellular.Cell;

/// <summary>
/// Who this cell is. Bound from <c>Cellular:Cell</c> and validated at start-up, so a cell that
/// does not know its own id refuses to start instead of answering under a wrong name.
/// </summary>
public sealed class CellOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Cellular:Cell";

    /// <summary>The cell id, as the control plane registered it (see <c>Ids.IsValidCellId</c>).</summary>
    /// <value>Required; there is no default.</value>
    public string Id { get; set; } = "";

    /// <summary>The application version running in this cell; reported by health and info.</summary>
    /// <value>Default <c>1.0.0</c>.</value>
    public string Version { get; set; } = "1.0.0";

    /// <summary>
    /// Directory of the cell's own data store. A relative path is resolved against the
    /// process's current directory.
    /// </summary>
    /// <value>Default <c>data</c>.</value>
    public string DataDir { get; set; } = "data";

    /// <summary>
    /// Most bytes of a tenant request's body (not <c>/_cell/*</c>, whose transfers have their own
    /// limit); a bigger body is answered 413 problem+json. Null keeps the server's limit (Kestrel: 30 MB).
    /// </summary>
    /// <value>Default null.</value>
    public long? MaxRequestBodySize { get; set; }
}
