using System.Collections.Concurrent;
using Cellular.Cli.Api;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.Cli.Local;

/// <summary>
/// The whole platform on one machine: control plane and router as child processes, cells
/// started by the control plane's process provider. Used by <c>cellctl up</c> and by the
/// end-to-end tests, which also kill and restart single parts through <see cref="ControlPlane"/>
/// and <see cref="Router"/>. Disposing it stops everything it started.
/// </summary>
public sealed partial class LocalStack : IAsyncDisposable
{
    private const string Host = "127.0.0.1";

    /// <summary>The <c>iss</c> of the control plane's local tenant issuer (its default).</summary>
    public const string TenantIssuer = "cellular-local";

    /// <summary>The <c>aud</c> of the control plane's local tenant issuer (its default), which the router expects.</summary>
    public const string TenantAudience = "cellular-router";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly LocalStackOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly RouterClient _routerClient;
    private readonly ConcurrentDictionary<int, DateTime> _cellProcesses = new();
    private int _disposed;

    /// <summary>Prepares the stack (resolving programs and free ports); nothing runs until <see cref="StartAsync"/>.</summary>
    /// <exception cref="ArtifactNotFoundException">The programs are not built.</exception>
    public LocalStack(LocalStackOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Cells);
        Validate(options);
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        Artifacts = options.Artifacts ?? ArtifactLocator.ForCurrentProcess().Locate();
        DataDirectory = Path.GetFullPath(options.DataDirectory);
        ApiPort = ResolvePort(options.ApiPort);
        RouterPort = ResolvePort(options.RouterPort);
        CellPortBase = ResolvePort(options.CellPortBase);
        ApiUrl = new Uri($"http://{Host}:{ApiPort}");
        RouterUrl = new Uri($"http://{Host}:{RouterPort}");

        Client = new ControlPlaneClient(ApiUrl, ApiCredential.FromFile(AdminTokenFile));
        PrepareReplicas();
        ControlPlane = _replicas[0];
        Router = new ManagedProcess(CreateRouterStartInfo(), _timeProvider);
        _routerClient = new RouterClient(RouterUrl, ProbeTimeout);
    }

    /// <summary>The programs being run.</summary>
    public StackArtifacts Artifacts { get; }

    /// <summary>Whether the router verifies tenant JWTs (<see cref="LocalStackOptions.TenantAuth"/>).</summary>
    public LocalTenantAuth TenantAuth => _options.TenantAuth;

    /// <summary>Absolute root of the stack's files.</summary>
    public string DataDirectory { get; }

    /// <summary>
    /// Where the control plane writes the admin key it makes on its first start (mode 0600);
    /// <see cref="Client"/> and <c>cellctl</c> send it.
    /// </summary>
    public string AdminTokenFile => Path.Combine(DataDirectory, "admin-token");

    /// <summary>Where the control plane writes the router's key (role Router), which the router reads.</summary>
    public string RouterTokenFile => Path.Combine(DataDirectory, "router-token");

    /// <summary>
    /// The router's admin token (mode 0600, made on the first start): <c>/_router/stats</c> and
    /// <c>/_router/limits</c> name tenants, so the router shows them only to the control plane.
    /// </summary>
    public string RouterAdminTokenFile => Path.Combine(DataDirectory, "router-admin-token");

    /// <summary>Folder of <c>control-plane.log</c> and <c>router.log</c>.</summary>
    public string LogDirectory => Path.Combine(DataDirectory, "logs");

    /// <summary>The control plane API port in use.</summary>
    public int ApiPort { get; }

    /// <summary>The router port in use.</summary>
    public int RouterPort { get; }

    /// <summary>First port the control plane tries for cells.</summary>
    public int CellPortBase { get; }

    /// <summary>Base URL of the control plane, e.g. <c>http://127.0.0.1:5081</c>.</summary>
    public Uri ApiUrl { get; }

    /// <summary>Base URL of the router, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    public Uri RouterUrl { get; }

    /// <summary>The (first) control plane process, which runs the process cells; kill it and call <see cref="StartControlPlaneAsync"/> to restart it.</summary>
    public ManagedProcess ControlPlane { get; }

    /// <summary>The router process; kill it and call <see cref="StartRouterAsync"/> to restart it.</summary>
    public ManagedProcess Router { get; }

    /// <summary>An API client for the control plane, with the admin key of <see cref="AdminTokenFile"/>.</summary>
    public ControlPlaneClient Client { get; }

    /// <summary>Starts control plane and router, makes sure <see cref="LocalStackOptions.Cells"/> cells exist and waits until the router is current.</summary>
    /// <exception cref="LocalStackException">A port is taken, a part did not start, or the stack did not become ready.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        foreach (var url in ApiUrls)
        {
            EnsurePortFree(url.Port, "control plane API", "--api-port");
        }

        EnsurePortFree(RouterPort, "router", "--router-port");
        EnsureRouterAdminToken();
        await StartPostgresAsync(cancellationToken);
        await StartControlPlaneAsync(cancellationToken);
        await WaitForAdminKeyAsync(cancellationToken);
        await StartOtherReplicasAsync(cancellationToken);
        await StartRouterAsync(cancellationToken);
        await EnsureCellsAsync(_options.Cells, cancellationToken);
        await WaitReadyAsync(cancellationToken);
    }

    private void EnsureRouterAdminToken()
    {
        if (File.Exists(RouterAdminTokenFile))
        {
            return;
        }

        Directory.CreateDirectory(DataDirectory);
        var token = System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(RouterAdminTokenFile, options);
        writer.Write(token);
    }

    /// <summary>
    /// Starts the control plane (again, after it was stopped or killed) and waits until
    /// <c>GET /api/v1/health</c> answers 200.
    /// </summary>
    /// <exception cref="LocalStackException">The port is taken, or it exited or stayed silent during start-up.</exception>
    public Task<ControlPlaneHealth> StartControlPlaneAsync(CancellationToken cancellationToken = default) =>
        StartPartAsync(ControlPlane, ApiPort, "control plane API", "--api-port", ct => Client.GetHealthAsync(ct), cancellationToken);

    /// <summary>
    /// Starts the router (again, after it was stopped or killed) and waits until
    /// <c>GET /_router/health</c> answers.
    /// </summary>
    /// <exception cref="LocalStackException">The port is taken, or it exited or stayed silent during start-up.</exception>
    public Task<RouterHealth> StartRouterAsync(CancellationToken cancellationToken = default) =>
        StartPartAsync(Router, RouterPort, "router", "--router-port", ct => _routerClient.GetHealthAsync(ct), cancellationToken);

    /// <summary>
    /// Makes sure at least <paramref name="count"/> non-retired cells exist, creating process
    /// cells <c>c1</c>, <c>c2</c>, … (skipping ids already taken) for the missing ones.
    /// </summary>
    /// <returns>All cells afterwards, retired ones included.</returns>
    public async Task<IReadOnlyList<CellView>> EnsureCellsAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var cells = await Client.ListCellsAsync(cancellationToken);
        var live = cells.Count(c => c.State != CellState.Retired);
        var taken = cells.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var next = 1;
        for (var i = live; i < count; i++)
        {
            string id;
            do
            {
                id = $"c{next++}";
            }
            while (taken.Contains(id));

            Report($"Creating cell {id}…");
            var cell = await CreateCellAsync(id, cancellationToken);
            taken.Add(id);
            Report($"Cell {id} is {cell.State} at {cell.Endpoint}.");
        }

        cells = await Client.ListCellsAsync(cancellationToken);
        LearnCellProcesses(cells);
        return cells;
    }

    /// <summary>
    /// Waits until the router serves a table at least as new as the control plane's current one.
    /// </summary>
    /// <returns>The table version the router serves.</returns>
    /// <exception cref="LocalStackException">Not within <see cref="LocalStackOptions.ReadyTimeout"/>, or a part exited.</exception>
    public async Task<long> WaitReadyAsync(CancellationToken cancellationToken = default)
    {
        var health = await PollAsync(
            "the router to catch up with the control plane's routing table",
            _options.ReadyTimeout,
            [ControlPlane, Router],
            async ct =>
            {
                var expected = (await Client.GetHealthAsync(ct)).TableVersion;
                var router = await _routerClient.GetHealthAsync(ct);
                return router.TableVersion >= expected
                    ? router
                    : throw new LocalStackException($"the router serves table version {router.TableVersion}, the control plane is at {expected}");
            },
            cancellationToken);
        return health.TableVersion;
    }

    /// <summary>
    /// The running process cells the control plane lists, each with the process found running it
    /// (by its command line, see <see cref="CellsDirectory"/>); cells without a process are left out.
    /// </summary>
    public async Task<IReadOnlyList<CellProcess>> GetCellProcessesAsync(CancellationToken cancellationToken = default)
    {
        var cells = await Client.ListCellsAsync(cancellationToken);
        return LearnCellProcesses(cells);
    }

    /// <summary>
    /// Stops the router, then the control-plane replicas, the first last (it stops its cells), then
    /// the stack's PostgreSQL server: SIGTERM, then kill after <see cref="LocalStackOptions.StopTimeout"/>.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!Router.HasExited)
        {
            Report("Stopping the router…");
            await Router.StopGracefullyAsync(_options.StopTimeout, cancellationToken);
        }

        await StopReplicasAsync(cancellationToken);
        await StopPostgresAsync();
    }

    /// <summary>
    /// Stops everything: router and control plane as in <see cref="StopAsync"/>, then, as a
    /// safety net, kills every cell process of this stack that outlived them: those seen while it
    /// ran and those found now under <see cref="CellsDirectory"/>, so cells created after the
    /// stack started (<c>cellctl cells create</c>) are stopped too.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        ScanCellProcesses();
        await StopAsync();
        // A cell the control plane was starting while it stopped.
        ScanCellProcesses();
        await KillLeftoverCellsAsync();
        await Router.DisposeAsync();
        await ControlPlane.DisposeAsync();
        await DisposeReplicasAsync();
        Client.Dispose();
        _routerClient.Dispose();
    }

    private static int ResolvePort(int port)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        return port == 0 ? PortProbe.GetFreePort() : port;
    }

    private async Task<CellView> CreateCellAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await Client.CreateCellAsync(new CreateCellRequest(id, Provider: "process"), cancellationToken);
        }
        catch (ControlPlaneException ex)
        {
            throw new LocalStackException(
                $"The control plane could not create cell {id}: {ex.Message}{Environment.NewLine}Last lines of {ControlPlane.LogFile}:{Environment.NewLine}{ControlPlane.ReadLogTail()}",
                ex);
        }
    }

    private async Task WaitForAdminKeyAsync(CancellationToken cancellationToken)
    {
        await PollAsync(
            $"the control plane to write the admin key to {AdminTokenFile}",
            _options.StartTimeout,
            [ControlPlane],
            _ => Client.Credential.GetToken() is not null
                ? Task.FromResult(true)
                : throw new LocalStackException($"{AdminTokenFile} does not exist yet (a control plane without API keys, or an admin key made earlier whose file was deleted)"),
            cancellationToken);
    }

    private void Report(string message) => _options.Log?.Invoke(message);
}
