namespace Cellular.ControlPlane.Store;

/// <summary>The names <see cref="StoreOptions.Provider"/> accepts.</summary>
public static class StoreProviders
{
    /// <summary>The embedded SQLite file, one replica.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>A PostgreSQL database, any number of replicas.</summary>
    public const string Postgres = "postgres";
}
