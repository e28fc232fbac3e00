using Cellular.Cli.Api;
using Cellular.Cli.Local.Postgres;
using Cellular.Core.Api;

namespace Cellular.Cli.Local;

// Several control-plane replicas on one PostgreSQL store, and the PostgreSQL server the stack may run.
public sealed partial class LocalStack
{
    /// <summary>The provider names of <see cref="LocalStackOptions.Store"/>.</summary>
    public const string Sqlite = "sqlite";

    /// <inheritdoc cref="Sqlite"/>
    public const string Postgres = "postgres";

    /// <summary>Most replicas <c>cellctl up</c> runs.</summary>
    public const int MaxControlPlanes = 9;

    private const string PostgresUser = "cellular";
    private const string PostgresDatabase = "postgres";

    private readonly List<ManagedProcess> _replicas = [];
    private readonly List<ControlPlaneClient> _replicaClients = [];
    private PostgresServer? _postgres;

    /// <summary>Every control-plane replica, the first (<see cref="ControlPlane"/>) at <see cref="ApiUrl"/>: it runs the process cells.</summary>
    public IReadOnlyList<ManagedProcess> ControlPlanes => _replicas;

    /// <summary>The replicas' base URLs, in order: <see cref="ApiPort"/>, <see cref="ApiPort"/> + 1, …</summary>
    public IReadOnlyList<Uri> ApiUrls { get; private set; } = [];

    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    public string Store => _options.Store;

    /// <summary>The PostgreSQL connection string the replicas use; null on SQLite.</summary>
    public string? StoreConnection { get; private set; }

    /// <summary>The data directory of the PostgreSQL server the stack runs; null when it runs none.</summary>
    public string? PostgresDirectory => _options.Store == Postgres && _options.StoreConnection is null ? Path.Combine(DataDirectory, "postgres") : null;

    /// <summary>The account the stack's PostgreSQL server runs as when <c>cellctl</c> is root (PostgreSQL refuses root); null otherwise.</summary>
    public string? PostgresRunsAs => _postgres?.RunAs;

    /// <summary>The replica id of replica <paramref name="index"/> (0-based): <c>cp1</c>, <c>cp2</c>, …</summary>
    public static string ReplicaId(int index) => $"cp{index + 1}";

    /// <summary>Restarts replica <paramref name="index"/> after it stopped or was killed, and waits for its health check.</summary>
    public Task<ControlPlaneHealth> StartReplicaAsync(int index, CancellationToken cancellationToken = default) =>
        StartPartAsync(_replicas[index], ApiUrls[index].Port, $"control plane API (replica {ReplicaId(index)})", "--api-port", ct => _replicaClients[index].GetHealthAsync(ct), cancellationToken);

    /// <summary>The API client of replica <paramref name="index"/> (admin key).</summary>
    public ControlPlaneClient ReplicaClient(int index) => _replicaClients[index];

    private static void Validate(LocalStackOptions options)
    {
        if (options.Store is not (Sqlite or Postgres))
        {
            throw new LocalStackException($"The store is '{options.Store}'; use {Sqlite} or {Postgres}.");
        }

        if (options.ControlPlanes is < 1 or > MaxControlPlanes)
        {
            throw new LocalStackException($"--control-planes must be 1 to {MaxControlPlanes}, not {options.ControlPlanes}.");
        }

        if (options.ControlPlanes > 1 && options.Store != Postgres)
        {
            throw new LocalStackException("Several control planes share one database: add --store postgres (SQLite is one replica's file).");
        }

        if (options.StoreConnection is not null && options.Store != Postgres)
        {
            throw new LocalStackException("--store-connection is a PostgreSQL connection string: add --store postgres.");
        }
    }

    /// <summary>Decides ports, URLs and the store's connection string, and prepares one process per replica.</summary>
    private void PrepareReplicas()
    {
        var urls = new List<Uri> { ApiUrl };
        for (var i = 1; i < _options.ControlPlanes; i++)
        {
            urls.Add(new Uri($"http://{Host}:{(_options.ApiPort == 0 ? PortProbe.GetFreePort() : ApiPort + i)}"));
        }

        ApiUrls = urls;
        if (_options.Store == Postgres)
        {
            StorePort = _options.StoreConnection is null ? ResolvePort(_options.StorePort) : 0;
            StoreConnection = _options.StoreConnection ?? $"Host={Host};Port={StorePort};Username={PostgresUser};Database={PostgresDatabase}";
        }

        for (var i = 0; i < urls.Count; i++)
        {
            _replicas.Add(new ManagedProcess(CreateControlPlaneStartInfo(i), _timeProvider));
            _replicaClients.Add(i == 0 ? Client : new ControlPlaneClient(urls[i], ApiCredential.FromFile(AdminTokenFile)));
        }
    }

    /// <summary>The port of the PostgreSQL server the stack runs (0 when it runs none).</summary>
    public int StorePort { get; private set; }

    /// <summary>The arguments that put replica <paramref name="index"/> on the chosen store, under its own id.</summary>
    private string[] ReplicaArguments(int index) =>
    [
        $"--Cellular:ControlPlane:ReplicaId={ReplicaId(index)}",
        .. StoreConnection is null
            ? (string[])[]
            : [$"--Cellular:ControlPlane:Store:Provider={Postgres}", $"--Cellular:ControlPlane:Store:ConnectionString={StoreConnection}"],

        // Process cells are children of the first replica. The others adopt the running ones when
        // they start (to report and probe them) but never stop them when they stop.
        .. index == 0 ? (string[])[] : ["--Cellular:Process:StopCellsOnShutdown=false"],
    ];

    /// <summary>Starts the stack's PostgreSQL server when it runs one; the data directory is reused by the next start.</summary>
    private async Task StartPostgresAsync(CancellationToken cancellationToken)
    {
        if (PostgresDirectory is not { } directory)
        {
            return;
        }

        EnsurePortFree(StorePort, "PostgreSQL", "--store-port");
        try
        {
            _postgres = await PostgresServer.StartAsync(new PostgresServerOptions { DataDirectory = directory, Port = StorePort, User = PostgresUser, Log = Report }, cancellationToken);
        }
        catch (Exception e) when (e is PostgresNotFoundException or PostgresServerException)
        {
            throw new LocalStackException($"PostgreSQL could not be started in {directory}: {e.Message}", e);
        }

        Report(_postgres.Initialized
            ? $"PostgreSQL is up on port {StorePort} with a new cluster in {directory}{RunAsText()}."
            : $"PostgreSQL is up on port {StorePort} with the data already in {directory}{RunAsText()}.");
    }

    private string RunAsText() => _postgres?.RunAs is { } user ? $" (running as {user}: PostgreSQL refuses root)" : string.Empty;

    /// <summary>Starts replicas 2…N after the first one made the schema and the keys.</summary>
    private async Task StartOtherReplicasAsync(CancellationToken cancellationToken)
    {
        for (var i = 1; i < _replicas.Count; i++)
        {
            await StartReplicaAsync(i, cancellationToken);
        }
    }

    /// <summary>Stops replicas N…2 (they leave the cells running), then the first (which stops its cells).</summary>
    private async Task StopReplicasAsync(CancellationToken cancellationToken)
    {
        for (var i = _replicas.Count - 1; i >= 0; i--)
        {
            if (!_replicas[i].HasExited)
            {
                Report(i == 0 ? "Stopping the control plane and its cells…" : $"Stopping control-plane replica {ReplicaId(i)}…");
                await _replicas[i].StopGracefullyAsync(_options.StopTimeout, cancellationToken);
            }
        }
    }

    private async Task StopPostgresAsync()
    {
        if (_postgres is not null)
        {
            try
            {
                await _postgres.StopAsync();
            }
            catch (PostgresServerException e)
            {
                Report(e.Message);
            }
        }
    }

    private async Task DisposeReplicasAsync()
    {
        for (var i = 1; i < _replicas.Count; i++)
        {
            await _replicas[i].DisposeAsync();
            _replicaClients[i].Dispose();
        }
    }
}
