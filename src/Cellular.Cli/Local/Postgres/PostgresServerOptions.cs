namespace Cellular.Cli.Local.Postgres;

/// <summary>How <see cref="PostgresServer"/> runs PostgreSQL: where its data lives and which port it listens on.</summary>
internal sealed record PostgresServerOptions
{
    /// <summary>The cluster's data directory: created and initialised (initdb) when it holds no <c>PG_VERSION</c>, reused otherwise.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The TCP port on 127.0.0.1 (the only address it listens on).</summary>
    public required int Port { get; init; }

    /// <summary>The superuser initdb creates; clients connect as it without a password (trust, loopback only).</summary>
    /// <value>Default <c>cellular</c>.</value>
    public string User { get; init; } = "cellular";

    /// <summary>The folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>; null = found by <see cref="PostgresBinaries.Find"/>.</summary>
    public string? BinDirectory { get; init; }

    /// <summary>How long initdb and the start may take together before the start is given up.</summary>
    /// <value>Default 60 s.</value>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a fast shutdown may take.</summary>
    /// <value>Default 30 s.</value>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Receives one line per step ("Initialising a PostgreSQL cluster in …"); null = silent.</summary>
    public Action<string>? Log { get; init; }
}
