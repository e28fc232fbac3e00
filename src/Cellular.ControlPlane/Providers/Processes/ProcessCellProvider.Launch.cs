using System.ComponentModel;
using System.Diagnostics;
using Cellular.ControlPlane.Errors;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Providers.Processes;

/// <summary>Starting a cell process and waiting until it is ready, for a new cell and for a staged release alike.</summary>
internal sealed partial class ProcessCellProvider
{
    /// <summary>
    /// Starts <paramref name="release"/> of <paramref name="cell"/> on <paramref name="endpoint"/>
    /// in the cell's data directory and returns it once ready: answering <c>/_cell/health</c> with
    /// 200 and, when <paramref name="staged"/>, <c>/_cell/info</c> naming the cell and the release's
    /// version. Otherwise it is stopped and a <see cref="CellStartException"/> says why.
    /// </summary>
    private async Task<CellProcess> LaunchAsync(Cell cell, string endpoint, CellRelease release, bool staged, CancellationToken cancellationToken)
    {
        var command = ResolveCommand(release.Artifact);
        var dataDirectory = DataDirectory(cell.Id);
        var arguments = CellCommandLine.Arguments(command, cell.Id, endpoint, release, dataDirectory);
        var logPath = Path.Combine(dataDirectory, CellLog.FileName);
        var display = CellCommandLine.Display(command, arguments);
        var subject = staged ? $"The process of release {release.Version}" : "Its process";
        if (MissingProgram(command) is { } missing)
        {
            throw new CellStartException($"{subject} cannot start: {missing} does not exist.");
        }

        long logStart;
        try
        {
            Directory.CreateDirectory(dataDirectory);
            var what = staged ? $"stages release {release.Version} of cell {cell.Id} beside {cell.Endpoint}" : $"starts cell {cell.Id}";
            logStart = CellLog.Append(logPath, $"--- {time.GetUtcNow():O} control plane {what}: {display}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CellStartException($"Its data directory {dataDirectory} cannot be written: {e.Message}", e);
        }

        Process process;
        try
        {
            process = CellProcessLauncher.Start(command, arguments, logPath, dataDirectory, Environment(cell.Id));
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            throw new CellStartException($"{subject} could not be started ({display}): {e.Message}", e);
        }

        var owned = Track(new CellProcess(cell.Id, endpoint, process, adopted: false));
        Log.Started(logger, cell.Id, release.Version, owned.ProcessId, endpoint, logPath);
        try
        {
            await WaitUntilReadyAsync(owned, staged ? release.Version : null, subject, logPath, logStart, cancellationToken);
            return owned;
        }
        catch
        {
            Forget(owned);
            await StopAsync(owned);
            throw;
        }
    }

    /// <summary>The program file of <paramref name="command"/> when it is given as a path and is not there.</summary>
    private static string? MissingProgram(CellCommand command)
    {
        var program = command.Arguments.Count > 0 ? command.Arguments[0] : command.FileName;
        return program.Contains(Path.DirectorySeparatorChar) && !File.Exists(program) ? program : null;
    }

    private async Task WaitUntilReadyAsync(CellProcess process, string? version, string subject, string logPath, long logStart, CancellationToken cancellationToken)
    {
        var (cellId, endpoint) = (process.CellId, process.Endpoint);
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
                    throw new CellStartException($"{subject} exited{code} before answering GET /_cell/health.{LogTail(logPath, logStart)}");
                }

                var health = await probe.CheckHealthAsync(endpoint, linked.Token);
                if (health.Healthy && (health.Cell is null || health.Cell == cellId))
                {
                    if (version is null)
                    {
                        return;
                    }

                    var info = await GetInfoAsync(cellId, endpoint, linked.Token);
                    if (info is not null && info.Cell == cellId && info.Version == version)
                    {
                        return;
                    }

                    last = info is null
                        ? "healthy, but GET /_cell/info gave no answer"
                        : $"healthy, but GET /_cell/info says cell '{info.Cell}' version {info.Version}";
                }
                else
                {
                    last = health.Healthy ? $"it answers as cell '{health.Cell}'" : health.Detail;
                }

                await Task.Delay(PollInterval, time, linked.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var wanted = version is null
                ? $"answer GET {endpoint}/_cell/health with 200"
                : $"answer GET {endpoint}/_cell/health with 200 and name cell '{cellId}' version {version} in /_cell/info";
            var who = version is null ? "It" : subject;
            throw new CellStartException($"{who} did not {wanted} within {timeout.TotalSeconds:0.#} s (last: {last}).{LogTail(logPath, logStart)}");
        }
    }

    private static string LogTail(string logPath, long from)
    {
        var tail = CellLog.Tail(logPath, from);
        return tail.Length == 0 ? $" It wrote nothing to {logPath}." : $" Last output in {logPath}:\n{tail}";
    }

    private Task<CellInfo?> GetInfoAsync(string cellId, string endpoint, CancellationToken cancellationToken) =>
        probe.GetInfoAsync(cellId, endpoint, cancellationToken);
}
