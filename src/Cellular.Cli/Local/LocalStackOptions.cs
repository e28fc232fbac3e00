namespace Cellular.Cli.Local;

/// <summary>How <see cref="LocalStack"/> runs the stack. A port of 0 means "pick a free one".</summary>
public sealed record LocalStackOptions
{
    /// <summary>Root of everything the stack writes: control-plane database, cell data, router table, logs.</summary>
    /// <value>Default <c>./.cellular</c>.</value>
    public string DataDirectory { get; init; } = ".cellular";

    /// <summary>How many non-retired cells <see cref="LocalStack.StartAsync"/> makes sure exist.</summary>
    /// <value>Default 3.</value>
    public int Cells { get; init; } = 3;

    /// <summary>Router port on 127.0.0.1.</summary>
    /// <value>Default 5080.</value>
    public int RouterPort { get; init; } = 5080;

    /// <summary>Control plane API port on 127.0.0.1.</summary>
    /// <value>Default 5081.</value>
    public int ApiPort { get; init; } = 5081;

    /// <summary>First port the control plane tries for a new process cell.</summary>
    /// <value>Default 5100.</value>
    public int CellPortBase { get; init; } = 5100;

    /// <summary>Whether the router verifies tenant JWTs issued by the control plane's local issuer.</summary>
    /// <value>Default <see cref="LocalTenantAuth.None"/>.</value>
    public LocalTenantAuth TenantAuth { get; init; } = LocalTenantAuth.None;

    /// <summary>The programs to run; null = <see cref="ArtifactLocator.ForCurrentProcess"/>.</summary>
    public StackArtifacts? Artifacts { get; init; }

    /// <summary>Extra arguments for the control plane, e.g. <c>--Cellular:ControlPlane:Fallback:Kind=hashed-buckets</c>.</summary>
    public IReadOnlyList<string> ControlPlaneArguments { get; init; } = [];

    /// <summary>Extra arguments for the router, e.g. <c>--Cellular:Router:StaleAfter=00:00:05</c>.</summary>
    public IReadOnlyList<string> RouterArguments { get; init; } = [];

    /// <summary>How long a part may take to answer its health endpoint after it is started.</summary>
    /// <value>Default 60 s.</value>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the router may take to catch up with the control plane's table version.</summary>
    /// <value>Default 30 s.</value>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Grace period between SIGTERM and kill when a part is stopped (and for cells to follow their control plane).</summary>
    /// <value>Default 10 s.</value>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Where the control plane keeps its truth: <c>sqlite</c> (a file in the data directory, one
    /// replica) or <c>postgres</c> (<see cref="StoreConnection"/>, or a PostgreSQL server the stack
    /// runs from the machine's binaries in <c>{DataDirectory}/postgres</c>).
    /// </summary>
    /// <value>Default <c>sqlite</c>.</value>
    public string Store { get; init; } = "sqlite";

    /// <summary>The Npgsql connection string of an existing PostgreSQL database; null = the stack runs its own server.</summary>
    public string? StoreConnection { get; init; }

    /// <summary>Control-plane replicas to run on <see cref="ApiPort"/>, <see cref="ApiPort"/> + 1, …; more than one needs <c>postgres</c>.</summary>
    /// <value>Default 1.</value>
    public int ControlPlanes { get; init; } = 1;

    /// <summary>Port of the PostgreSQL server the stack runs (with <c>postgres</c> and no <see cref="StoreConnection"/>); 0 = a free one.</summary>
    /// <value>Default 0.</value>
    public int StorePort { get; init; }

    /// <summary>Receives one line per step ("Starting the router…"); null = silent.</summary>
    public Action<string>? Log { get; init; }
}
