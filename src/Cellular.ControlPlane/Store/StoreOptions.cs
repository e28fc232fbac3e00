namespace Cellular.ControlPlane.Store;

/// <summary>
/// Which database holds the control plane's truth (section <c>Cellular:ControlPlane:Store</c>).
/// SQLite is the embedded default for one replica; PostgreSQL lets several replicas share it.
/// </summary>
public sealed class StoreOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cellular:ControlPlane:Store";

    /// <summary><c>sqlite</c> (default: <c>{DataDir}/cellular.db</c>) or <c>postgres</c> (needs <see cref="ConnectionString"/>).</summary>
    public string Provider { get; set; } = StoreProviders.Sqlite;

    /// <summary>The Npgsql connection string of the PostgreSQL database; required with <c>postgres</c>, refused with <c>sqlite</c>.</summary>
    public string? ConnectionString { get; set; }
}
