using System.Collections.Concurrent;
using System.Globalization;
using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Providers.Processes;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Cellular.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Providers.Commands;

/// <summary>
/// Runs a cell through the user's own commands, listed per template and component: <c>create</c>
/// bootstraps the cell on the endpoint the control plane assigned and prints it, <c>deploy</c>
/// starts a release (blue/green on <c>CELLULAR_DEPLOY_ENDPOINT</c>, or in place), <c>verify</c>
/// smoke-tests, <c>destroy</c> tears down the cell or one workload. The commands own the
/// workload: it outlives the control plane, and a cell that does not answer at start-up gets its
/// <c>create</c> commands again, so they must be idempotent.
/// </summary>
internal sealed partial class CommandCellProvider(
    IOptions<CommandProviderOptions> options,
    CommandRunner runner,
    CellProbe probe,
    CellKeys keys,
    TimeProvider time,
    ILogger<CommandCellProvider> logger,
    IOptions<TelemetrySettings>? telemetry = null) : ICellProvider
{
    /// <summary>The provider's name in requests and stored cells.</summary>
    public const string ProviderName = "command";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>One operation at a time per cell: commands keep state (pid files) in the cell's data directory.</summary>
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public string Name => ProviderName;

    public bool CanDeploy => true;

    public ValueTask<string> AssignEndpointAsync(Cell cell, IReadOnlyCollection<string> endpointsInUse, CancellationToken cancellationToken)
    {
        if (cell.Endpoint is not null)
        {
            throw ControlPlaneException.BadRequest(
                "A command cell gets its endpoint from the control plane (its create command is told it in CELLULAR_CELL_ENDPOINT); leave out 'endpoint', or use provider 'static' for a cell you run yourself.");
        }

        _ = RequestedTemplate(cell);
        var settings = options.Value;
        var port = PortAllocator.Allocate(settings.Host, settings.PortBase, endpointsInUse);
        return ValueTask.FromResult(Url(port));
    }

    public async Task StartAsync(Cell cell, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(cell, cancellationToken);
        var template = TemplateOf(cell);
        try
        {
            await CreateAsync(cell, template, cancellationToken);
        }
        catch (Exception e) when (e is CellStartException or OperationCanceledException)
        {
            // The cell will not be kept: take down whatever its create commands left behind.
            await TryRunAsync(cell, template, CommandTargets.Destroy, DestroyVariables(CommandEnvironment.ScopeCell, cell.Endpoint!));
            throw;
        }
    }

    public async Task ResumeAsync(Cell cell, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(cell, cancellationToken);
        var endpoint = Endpoint(cell);
        var health = await probe.CheckHealthAsync(endpoint, cancellationToken);
        if (health.Healthy && health.Cell == cell.Id)
        {
            return;
        }

        Log.Recreating(logger, cell.Id, endpoint, health.Healthy ? $"it answers as cell '{health.Cell}'" : health.Detail);
        await CreateAsync(cell, TemplateOf(cell), cancellationToken);
    }

    public async Task StopAsync(Cell cell, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(cell, cancellationToken);
        var template = TemplateOf(cell);
        await RunTargetAsync(cell, cell.Release, template, CommandTargets.Destroy, DestroyVariables(CommandEnvironment.ScopeCell, Endpoint(cell)), cancellationToken);
        Log.CellDestroyed(logger, cell.Id);
    }

    public async Task<string> StageAsync(Cell cell, CellRelease release, IReadOnlyCollection<string> endpointsInUse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        using var _ = await LockAsync(cell, cancellationToken);
        var template = TemplateOf(cell);
        var current = Endpoint(cell);
        if (template.Components.All(c => string.IsNullOrWhiteSpace(c.Deploy)))
        {
            throw new CellStartException($"Its template '{cell.Template}' has no deploy command, so it cannot take release {release.Version}.");
        }

        var settings = options.Value;
        var port = PortAllocator.Allocate(settings.Host, settings.PortBase, [.. endpointsInUse, current]);
        var staging = Url(port);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CommandEnvironment.DeployEndpoint] = staging,
            [CommandEnvironment.DeployPort] = port.ToString(CultureInfo.InvariantCulture),
        };

        string? printed = null;
        try
        {
            printed = await RunTargetAsync(cell, release, template, CommandTargets.Deploy, variables, cancellationToken);
            var endpoint = printed ?? current;
            await WaitUntilServingAsync(cell, endpoint, release.Version, cancellationToken);
            Log.Staged(logger, cell.Id, release.Version, endpoint);
            return endpoint;
        }
        catch (Exception e) when (e is CellStartException or OperationCanceledException)
        {
            // Nothing of the new release may stay: destroy it where it was told to run and where it said it runs.
            foreach (var staged in new[] { staging, printed }.OfType<string>().Distinct(StringComparer.Ordinal))
            {
                if (!CommandEndpoints.Same(staged, current))
                {
                    await TryRunAsync(cell, template, CommandTargets.Destroy, DestroyVariables(CommandEnvironment.ScopeWorkload, staged));
                }
            }

            throw;
        }
    }

    public async Task StopWorkloadAsync(Cell cell, string endpoint, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        if (CommandEndpoints.Same(endpoint, cell.Endpoint))
        {
            // That is where the cell serves now; only retiring the cell stops it.
            return;
        }

        using var _ = await LockAsync(cell, cancellationToken);
        await RunTargetAsync(cell, cell.Release, TemplateOf(cell), CommandTargets.Destroy, DestroyVariables(CommandEnvironment.ScopeWorkload, endpoint), cancellationToken);
        Log.WorkloadDestroyed(logger, cell.Id, endpoint);
    }

    public async Task VerifyAsync(Cell cell, CancellationToken cancellationToken)
    {
        using var _ = await LockAsync(cell, cancellationToken);
        await RunTargetAsync(cell, cell.Release, TemplateOf(cell), CommandTargets.Verify, null, cancellationToken);
        await WaitUntilServingAsync(cell, Endpoint(cell), version: null, cancellationToken);
        Log.Verified(logger, cell.Id, cell.Version);
    }

    /// <summary>Nothing to do: the commands own the workloads, which keep serving while the control plane is away.</summary>
    public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The template a cell names, or a 400 listing the known ones.</summary>
    private CommandTemplateOptions RequestedTemplate(Cell cell)
    {
        var templates = options.Value.Templates;
        var known = templates.Count == 0
            ? $"none is configured (see {CommandProviderOptions.SectionName}:Templates and :TemplateFiles)"
            : "use " + string.Join(", ", templates.Keys.Order(StringComparer.Ordinal));
        if (string.IsNullOrWhiteSpace(cell.Template))
        {
            throw ControlPlaneException.BadRequest($"A command cell needs a 'template': {known}.");
        }

        return templates.TryGetValue(cell.Template, out var template)
            ? template
            : throw ControlPlaneException.BadRequest($"Unknown template '{cell.Template}'; {known}.");
    }

    /// <summary>The template of a stored cell; one that is no longer configured fails the operation.</summary>
    private CommandTemplateOptions TemplateOf(Cell cell) =>
        cell.Template is not null && options.Value.Templates.TryGetValue(cell.Template, out var template)
            ? template
            : throw new CellStartException(
                $"Its template '{cell.Template}' is not configured in this control plane ({CommandProviderOptions.SectionName}:Templates), so its commands cannot run.");

    private async Task CreateAsync(Cell cell, CommandTemplateOptions template, CancellationToken cancellationToken)
    {
        var endpoint = Endpoint(cell);
        var printed = await RunTargetAsync(cell, cell.Release, template, CommandTargets.Create, null, cancellationToken);
        if (printed is null)
        {
            throw new CellStartException(
                $"No create command printed the cell's endpoint: the app's create must print {endpoint} (CELLULAR_CELL_ENDPOINT) on a line of its own once the cell runs there.");
        }

        if (!CommandEndpoints.Same(printed, endpoint))
        {
            throw new CellStartException(
                $"The create commands printed the endpoint {printed}, but the control plane assigned {endpoint} (CELLULAR_CELL_ENDPOINT): the cell must serve there.");
        }

        await WaitUntilServingAsync(cell, endpoint, version: null, cancellationToken);
        Log.Created(logger, cell.Id, cell.Template!, cell.Version, endpoint);
    }

    private static Dictionary<string, string> DestroyVariables(string scope, string endpoint) => new(StringComparer.Ordinal)
    {
        [CommandEnvironment.DestroyScope] = scope,
        [CommandEnvironment.DestroyEndpoint] = endpoint,
        [CommandEnvironment.DestroyPort] = CommandEnvironment.PortOf(endpoint),
    };

    private async Task<Releaser> LockAsync(Cell cell, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(cell.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Releaser(gate);
    }

    private string DataDirectory(Cell cell)
    {
        var directory = Path.GetFullPath(Path.Combine(options.Value.DataDir, cell.Id));
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CellStartException($"Its data directory {directory} cannot be made: {e.Message}", e);
        }

        return directory;
    }

    private static string LogPath(string dataDirectory) => Path.Combine(dataDirectory, CellLog.FileName);

    private static long LogLength(string path)
    {
        try
        {
            return new FileInfo(path).Exists ? new FileInfo(path).Length : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string Endpoint(Cell cell) => cell.Endpoint ?? throw new CellStartException($"Cell '{cell.Id}' has no endpoint.");

    private string Url(int port) => string.Create(CultureInfo.InvariantCulture, $"http://{options.Value.Host}:{port}");

    private readonly struct Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
