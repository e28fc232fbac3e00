using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Providers.Processes;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Model;
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
    IHttpClientFactory httpClients,
    CellKeys keys,
    TimeProvider time,
    ILogger<CommandCellProvider> logger) : ICellProvider
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

    /// <summary>
    /// Runs <paramref name="target"/> of every component that has it (in order; <c>destroy</c> in
    /// reverse) and returns the last URL any of them printed.
    /// </summary>
    private async Task<string?> RunTargetAsync(
        Cell cell, CellRelease release, CommandTemplateOptions template, string target, IReadOnlyDictionary<string, string>? variables, CancellationToken cancellationToken)
    {
        var dataDirectory = DataDirectory(cell);
        var components = target == CommandTargets.Destroy ? Enumerable.Reverse(template.Components) : template.Components;
        string? printed = null;
        foreach (var component in components)
        {
            if (component.CommandFor(target) is not { } command || string.IsNullOrWhiteSpace(command))
            {
                continue;
            }

            Dictionary<string, string> environment;
            try
            {
                environment = CommandEnvironment.Build(cell, release, template, component.Name!, target, dataDirectory, keys.EncodedSecretFor(cell.Id), variables);
            }
            catch (ArgumentException e)
            {
                throw new CellStartException(e.Message, e);
            }

            var run = new CommandInvocation(
                cell.Id,
                component.Name!,
                target,
                command,
                Path.GetFullPath(template.Directory!),
                TimeSpan.FromSeconds(component.TimeoutSeconds),
                environment,
                LogPath(dataDirectory));
            var result = await runner.RunAsync(run, cancellationToken);
            Log.TargetRan(logger, cell.Id, run.Component, target, result.Elapsed.TotalSeconds);
            printed = CommandEndpoints.LastUrl(result.Output) ?? printed;
        }

        return printed;
    }

    /// <summary>Runs a clean-up target; a failure is logged, not thrown, so the original error is the one reported.</summary>
    private async Task TryRunAsync(Cell cell, CommandTemplateOptions template, string target, IReadOnlyDictionary<string, string> variables)
    {
        try
        {
            await RunTargetAsync(cell, cell.Release, template, target, variables, CancellationToken.None);
        }
        catch (CellStartException e)
        {
            Log.CleanupFailed(logger, e, cell.Id, target, e.Message);
        }
    }

    /// <summary>
    /// Waits until <paramref name="endpoint"/> answers <c>/_cell/health</c> with 200 naming the cell
    /// and, for a release, <c>/_cell/info</c> names the cell and <paramref name="version"/>.
    /// </summary>
    private async Task WaitUntilServingAsync(Cell cell, string endpoint, string? version, CancellationToken cancellationToken)
    {
        var timeout = options.Value.HealthTimeout;
        var logPath = LogPath(DataDirectory(cell));
        var logStart = LogLength(logPath);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var last = "no answer yet";
        try
        {
            while (true)
            {
                var health = await probe.CheckHealthAsync(endpoint, linked.Token);
                if (!health.Healthy)
                {
                    last = $"GET /_cell/health: {health.Detail}";
                }
                else if (health.Cell != cell.Id)
                {
                    last = health.Cell is null ? "its health answer names no cell" : $"it answers as cell '{health.Cell}'";
                }
                else if (version is null)
                {
                    return;
                }
                else if (await GetInfoAsync(cell.Id, endpoint, linked.Token) is not { } info)
                {
                    last = "GET /_cell/info gave no answer";
                }
                else if (info.Cell != cell.Id || info.Version != version)
                {
                    last = $"GET /_cell/info names cell '{info.Cell}' version {info.Version}";
                }
                else
                {
                    return;
                }

                await Task.Delay(PollInterval, time, linked.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var wanted = version is null ? $"GET {endpoint}/_cell/health with 200 naming cell '{cell.Id}'" : $"as cell '{cell.Id}' version {version} on {endpoint}";
            throw new CellStartException(
                $"It did not answer {wanted} within {timeout.TotalSeconds:0.#} s (last: {last}).{CommandRunner.Tail(logPath, logStart)}");
        }
    }

    /// <summary><c>GET /_cell/info</c> signed for <paramref name="cellId"/>: a staged endpoint is not in the registry, where the credential handler would look it up.</summary>
    private async Task<CellInfo?> GetInfoAsync(string cellId, string endpoint, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint.TrimEnd('/') + "/_cell/info", UriKind.Absolute));
        request.Options.Set(CellCredentialHandler.CellOption, cellId);
        try
        {
            using var response = await httpClients.CreateClient(CellProbe.HttpClientName).SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode
                ? await response.Content.ReadFromJsonAsync(CellularJsonContext.Default.CellInfo, cancellationToken)
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
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
