using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Errors;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Providers.Processes;

/// <summary>
/// Runs each cell as a local child process with its own port and data directory. Cells outlive
/// a crashed control plane: the next one adopts them through <c>/_cell/info</c>, or starts them
/// again on their stored port and data directory.
/// </summary>
internal sealed partial class ProcessCellProvider(
    IOptions<ProcessProviderOptions> options,
    CellProbe probe,
    CellKeys keys,
    TimeProvider time,
    ILogger<ProcessCellProvider> logger) : ICellProvider
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentDictionary<string, CellProcess> _processes = new(StringComparer.Ordinal);

    public string Name => "process";

    /// <summary>The processes this control plane manages now, by cell id.</summary>
    public IReadOnlyDictionary<string, CellProcess> Processes => _processes;

    /// <summary>The environment variable a process cell reads its secret from (<c>Cellular:Cell:Auth:Secret</c>); never on the command line, where <c>ps</c> shows it.</summary>
    public const string SecretVariable = "Cellular__Cell__Auth__Secret";

    private Dictionary<string, string> Environment(Cell cell) => new(StringComparer.Ordinal) { [SecretVariable] = keys.EncodedSecretFor(cell.Id) };

    public ValueTask<string> AssignEndpointAsync(Cell cell, IReadOnlyCollection<string> endpointsInUse, CancellationToken cancellationToken)
    {
        if (cell.Endpoint is not null)
        {
            throw ControlPlaneException.BadRequest(
                "A process cell gets its endpoint from the control plane; leave out 'endpoint', or use provider 'static' for a cell you run yourself.");
        }

        // Fail before anything is stored when there is no program to run.
        ResolveCommand();
        var settings = options.Value;
        var port = PortAllocator.Allocate(settings.Host, settings.PortBase, endpointsInUse);
        return ValueTask.FromResult($"http://{settings.Host}:{port}");
    }

    public async Task StartAsync(Cell cell, CancellationToken cancellationToken)
    {
        var command = ResolveCommand();
        var dataDirectory = DataDirectory(cell.Id);
        var arguments = CellCommandLine.Arguments(command, cell, dataDirectory);
        var logPath = Path.Combine(dataDirectory, CellLog.FileName);
        var display = CellCommandLine.Display(command, arguments);
        long logStart;
        try
        {
            Directory.CreateDirectory(dataDirectory);
            logStart = CellLog.Append(logPath, $"--- {time.GetUtcNow():O} control plane starts cell {cell.Id}: {display}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CellStartException($"Its data directory {dataDirectory} cannot be written: {e.Message}", e);
        }

        Process process;
        try
        {
            process = CellProcessLauncher.Start(command, arguments, logPath, dataDirectory, Environment(cell));
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            throw new CellStartException($"Its process could not be started ({display}): {e.Message}", e);
        }

        var owned = Track(new CellProcess(cell.Id, process, adopted: false));
        Log.Started(logger, cell.Id, owned.ProcessId, cell.Endpoint!, logPath);
        try
        {
            await WaitUntilHealthyAsync(cell, owned, logPath, logStart, cancellationToken);
        }
        catch
        {
            _processes.TryRemove(new KeyValuePair<string, CellProcess>(cell.Id, owned));
            await StopAsync(owned);
            throw;
        }
    }

    public async Task ResumeAsync(Cell cell, CancellationToken cancellationToken)
    {
        if (_processes.TryGetValue(cell.Id, out var owned) && !owned.HasExited)
        {
            return;
        }

        var info = cell.Endpoint is null ? null : await probe.GetInfoAsync(cell.Endpoint, cancellationToken);
        if (info is not null && info.Cell == cell.Id)
        {
            if (TryGetProcess(info.ProcessId) is { } running)
            {
                Track(new CellProcess(cell.Id, running, adopted: true));
                Log.Adopted(logger, cell.Id, info.ProcessId, cell.Endpoint!);
            }
            else
            {
                Log.Unowned(logger, cell.Id, info.ProcessId, cell.Endpoint!);
            }

            return;
        }

        await StartAsync(cell, cancellationToken);
    }

    public async Task StopAsync(Cell cell, CancellationToken cancellationToken)
    {
        if (_processes.TryRemove(cell.Id, out var owned))
        {
            await StopAsync(owned);
            return;
        }

        // Not ours (yet): a cell left running by an earlier control plane still gets stopped.
        var info = cell.Endpoint is null ? null : await probe.GetInfoAsync(cell.Endpoint, cancellationToken);
        if (info is not null && info.Cell == cell.Id && TryGetProcess(info.ProcessId) is { } running)
        {
            await StopAsync(new CellProcess(cell.Id, running, adopted: true));
        }
    }

    public bool CanDeploy => true;

    public Task<string> StageAsync(Cell cell, CellRelease release, IReadOnlyCollection<string> endpointsInUse, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Blue/green staging of process cells is being built.");

    public Task StopWorkloadAsync(Cell cell, string endpoint, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Blue/green staging of process cells is being built.");

    public Task VerifyAsync(Cell cell, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Blue/green staging of process cells is being built.");

    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        var processes = _processes.Values.ToList();
        if (!options.Value.StopCellsOnShutdown)
        {
            Log.LeftRunning(logger, processes.Count);
            return;
        }

        _processes.Clear();
        await Task.WhenAll(processes.Select(StopAsync));
    }

    private CellCommand ResolveCommand() => CellCommand.Resolve(options.Value.CellCommand, AppContext.BaseDirectory, DotnetHost.Find);

    private string DataDirectory(string cellId) => Path.GetFullPath(Path.Combine(options.Value.DataDir, cellId));

    private async Task WaitUntilHealthyAsync(Cell cell, CellProcess process, string logPath, long logStart, CancellationToken cancellationToken)
    {
        var timeout = options.Value.StartTimeout;
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var last = "no answer yet";
        try
        {
            while (true)
            {
                if (process.HasExited)
                {
                    var code = process.ExitCode() is { } exitCode ? $" with code {exitCode}" : string.Empty;
                    throw new CellStartException($"Its process exited{code} before answering GET /_cell/health.{LogTail(logPath, logStart)}");
                }

                var result = await probe.CheckHealthAsync(cell.Endpoint!, linked.Token);
                if (result.Healthy && (result.Cell is null || result.Cell == cell.Id))
                {
                    return;
                }

                last = result.Healthy ? $"it answers as cell '{result.Cell}'" : result.Detail;
                await Task.Delay(PollInterval, time, linked.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new CellStartException(
                $"It did not answer GET {cell.Endpoint}/_cell/health with 200 within {timeout.TotalSeconds:0.#} s (last: {last}).{LogTail(logPath, logStart)}");
        }
    }

    private static string LogTail(string logPath, long from)
    {
        var tail = CellLog.Tail(logPath, from);
        return tail.Length == 0 ? $" It wrote nothing to {logPath}." : $" Last output in {logPath}:\n{tail}";
    }

    private CellProcess Track(CellProcess process)
    {
        _processes[process.CellId] = process;
        process.OnExit((p, code) =>
        {
            if (!p.StopRequested)
            {
                _processes.TryRemove(new KeyValuePair<string, CellProcess>(p.CellId, p));
                Log.Exited(logger, p.CellId, p.ProcessId, code);
            }
        });
        return process;
    }

    private async Task StopAsync(CellProcess process)
    {
        var outcome = await process.StopAsync(options.Value.StopTimeout, time);
        Log.Stopped(logger, process.CellId, process.ProcessId, outcome);
        process.Dispose();
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
