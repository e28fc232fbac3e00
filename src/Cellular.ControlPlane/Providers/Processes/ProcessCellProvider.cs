using System.Collections.Concurrent;
using System.Diagnostics;
using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Errors;
using Cellular.Core.Model;
using Cellular.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Providers.Processes;

/// <summary>
/// Runs each cell as a local child process with its own port and data directory. Cells outlive
/// a crashed control plane: the next one adopts them through <c>/_cell/info</c>, or starts them
/// again on their stored port and data directory. A deployment starts the new release as a
/// second process of the cell on another port (see <c>ProcessCellProvider.Deploy.cs</c>).
/// </summary>
/// <remarks>
/// Processes are tracked by cell and endpoint. Which one is the cell's own is decided by the
/// <see cref="Cell"/> each call passes, as stored: once the control plane switches a cell to the
/// staged endpoint, the process there is the cell's, and the one at the old endpoint is stopped
/// through <see cref="StopWorkloadAsync"/>.
/// </remarks>
internal sealed partial class ProcessCellProvider(
    IOptions<ProcessProviderOptions> options,
    CellProbe probe,
    CellKeys keys,
    TimeProvider time,
    ILogger<ProcessCellProvider> logger,
    IOptions<TelemetrySettings>? telemetry = null) : ICellProvider
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Every process this control plane manages now: the cells' own and staged ones.</summary>
    private readonly ConcurrentDictionary<WorkloadKey, CellProcess> _workloads = new();

    /// <summary>Each cell's endpoint, as the last call about the cell passed it.</summary>
    private readonly ConcurrentDictionary<string, string> _endpoints = new(StringComparer.Ordinal);

    /// <summary>Ports handed out for processes that may not listen yet.</summary>
    private readonly HashSet<int> _reservedPorts = [];
    private readonly Lock _portLock = new();

    public string Name => "process";

    /// <summary>The process each cell serves from now (its current endpoint's), by cell id; staged processes are not in it.</summary>
    public IReadOnlyDictionary<string, CellProcess> Processes
    {
        get
        {
            var current = new Dictionary<string, CellProcess>(StringComparer.Ordinal);
            foreach (var (cell, endpoint) in _endpoints)
            {
                if (_workloads.TryGetValue(new WorkloadKey(cell, endpoint), out var process))
                {
                    current[cell] = process;
                }
            }

            return current;
        }
    }

    /// <summary>The environment variable a process cell reads its secret from (<c>Cellular:Cell:Auth:Secret</c>); never on the command line, where <c>ps</c> shows it.</summary>
    public const string SecretVariable = "Cellular__Cell__Auth__Secret";

    /// <summary>The cell's secret, and the control plane's tracing settings so the cell's spans join the same traces.</summary>
    private Dictionary<string, string> Environment(string cellId) =>
        new(telemetry?.Value.ToEnvironment() ?? new Dictionary<string, string>(), StringComparer.Ordinal) { [SecretVariable] = keys.EncodedSecretFor(cellId) };

    public ValueTask<string> AssignEndpointAsync(Cell cell, IReadOnlyCollection<string> endpointsInUse, CancellationToken cancellationToken)
    {
        if (cell.Endpoint is not null)
        {
            throw ControlPlaneException.BadRequest(
                "A process cell gets its endpoint from the control plane; leave out 'endpoint', or use provider 'static' for a cell you run yourself.");
        }

        // Fail before anything is stored when there is no program to run.
        ResolveCommand(cell.Artifact);

        // Held until the cell's StartAsync is done, so a release staged meanwhile does not take it.
        return ValueTask.FromResult(ReserveEndpoint(endpointsInUse));
    }

    public async Task StartAsync(Cell cell, CancellationToken cancellationToken)
    {
        var endpoint = cell.Endpoint ?? throw new ArgumentException($"Cell '{cell.Id}' has no endpoint to listen on.", nameof(cell));
        _endpoints[cell.Id] = endpoint;
        try
        {
            await LaunchAsync(cell, endpoint, cell.Release, staged: false, cancellationToken);
        }
        finally
        {
            ReleasePort(endpoint);
        }
    }

    public async Task ResumeAsync(Cell cell, CancellationToken cancellationToken)
    {
        if (Current(cell) is { HasExited: false } || cell.Endpoint is not { } endpoint)
        {
            return;
        }

        var info = await GetInfoAsync(cell.Id, endpoint, cancellationToken);
        if (info is not null && info.Cell == cell.Id)
        {
            if (TryGetProcess(info.ProcessId) is { } running)
            {
                Track(new CellProcess(cell.Id, endpoint, running, adopted: true));
                Log.Adopted(logger, cell.Id, info.ProcessId, endpoint);
            }
            else
            {
                Log.Unowned(logger, cell.Id, info.ProcessId, endpoint);
            }

            return;
        }

        await StartAsync(cell, cancellationToken);
    }

    /// <summary>Stops every process of the retired cell: its own and any staged one.</summary>
    public async Task StopAsync(Cell cell, CancellationToken cancellationToken)
    {
        _endpoints.TryRemove(cell.Id, out _);
        var owned = new List<CellProcess>();
        foreach (var (key, process) in _workloads)
        {
            if (key.CellId == cell.Id && _workloads.TryRemove(new KeyValuePair<WorkloadKey, CellProcess>(key, process)))
            {
                owned.Add(process);
            }
        }

        var stops = owned.Select(StopAsync).ToList();
        if (cell.Endpoint is { } endpoint && !owned.Any(p => p.Key == new WorkloadKey(cell.Id, endpoint)))
        {
            // Not ours (yet): a cell left running by an earlier control plane still gets stopped.
            stops.Add(StopUnownedAsync(cell.Id, endpoint, cancellationToken));
        }

        await Task.WhenAll(stops);
    }

    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        var processes = _workloads.Values.ToList();
        if (!options.Value.StopCellsOnShutdown)
        {
            Log.LeftRunning(logger, processes.Count);
            return;
        }

        _workloads.Clear();
        _endpoints.Clear();
        await Task.WhenAll(processes.Select(StopAsync));
    }

    /// <summary>The process at the cell's endpoint as <paramref name="cell"/> has it, which from now on is the cell's own.</summary>
    private CellProcess? Current(Cell cell)
    {
        if (cell.Endpoint is not { } endpoint)
        {
            return null;
        }

        _endpoints[cell.Id] = endpoint;
        return _workloads.TryGetValue(new WorkloadKey(cell.Id, endpoint), out var process) ? process : null;
    }

    private CellCommand ResolveCommand(string? artifact) =>
        CellCommand.Resolve(artifact ?? options.Value.CellCommand, AppContext.BaseDirectory, DotnetHost.Find);

    private string DataDirectory(string cellId) => Path.GetFullPath(Path.Combine(options.Value.DataDir, cellId));

    /// <summary>
    /// A free port that no endpoint in <paramref name="endpointsInUse"/>, no process of this
    /// provider and no other start in flight has, as an endpoint; reserved until <see cref="ReleasePort"/>.
    /// </summary>
    private string ReserveEndpoint(IEnumerable<string> endpointsInUse)
    {
        var settings = options.Value;
        lock (_portLock)
        {
            var claimed = endpointsInUse.Concat(_workloads.Keys.Select(k => k.Endpoint)).ToList();
            var port = PortAllocator.Allocate(settings.Host, settings.PortBase, claimed, _reservedPorts);
            _reservedPorts.Add(port);
            return $"http://{settings.Host}:{port}";
        }
    }

    private void ReleasePort(string endpoint)
    {
        if (PortAllocator.PortOf(endpoint) is { } port)
        {
            lock (_portLock)
            {
                _reservedPorts.Remove(port);
            }
        }
    }

    private CellProcess Track(CellProcess process)
    {
        _workloads[process.Key] = process;
        process.OnExit((p, code) =>
        {
            if (!p.StopRequested)
            {
                Forget(p);
                Log.Exited(logger, p.CellId, p.ProcessId, p.Endpoint, code);
            }
        });
        return process;
    }

    /// <summary>Stops tracking <paramref name="process"/>; another process since tracked at its endpoint stays.</summary>
    private void Forget(CellProcess process) => _workloads.TryRemove(new KeyValuePair<WorkloadKey, CellProcess>(process.Key, process));

    private async Task StopAsync(CellProcess process)
    {
        var outcome = await process.StopAsync(options.Value.StopTimeout, time);
        Log.Stopped(logger, process.CellId, process.ProcessId, process.Endpoint, outcome);
        process.Dispose();
    }

    /// <summary>Stops the process that <c>/_cell/info</c> at <paramref name="endpoint"/> names, when it says it is <paramref name="cellId"/>.</summary>
    private async Task StopUnownedAsync(string cellId, string endpoint, CancellationToken cancellationToken)
    {
        var info = await GetInfoAsync(cellId, endpoint, cancellationToken);
        if (info is null || info.Cell != cellId)
        {
            return;
        }

        if (_workloads.Values.Any(p => p.ProcessId == info.ProcessId))
        {
            // A process this provider tracks at another endpoint is not stopped by a question to this one.
            return;
        }

        if (TryGetProcess(info.ProcessId) is not { } running)
        {
            Log.Unowned(logger, cellId, info.ProcessId, endpoint);
            return;
        }

        await StopAsync(new CellProcess(cellId, endpoint, running, adopted: true));
    }

    private static Process? TryGetProcess(int processId)
    {
        if (processId <= 0)
        {
            return null;
        }

        try
        {
            return Process.GetProcessById(processId);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
