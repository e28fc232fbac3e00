using System.Diagnostics;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.Cli.Local;

// The safety net: remember every cell process of this stack (found by its command line, see
// CellProcessFinder) and kill any that outlives the control plane, including cells created after
// the stack started. Cells are not asked: their /_cell/* endpoints need the control plane's credential.
public sealed partial class LocalStack
{
    /// <summary>Folder the control plane's process provider keeps each cell's data in (<c>cells/{id}</c>).</summary>
    public string CellsDirectory => Path.Combine(DataDirectory, "cells");

    private IReadOnlyList<CellProcess> LearnCellProcesses(IReadOnlyList<CellView> cells)
    {
        var running = ScanCellProcesses();
        var found = new List<CellProcess>();
        foreach (var cell in cells)
        {
            if (cell is not { Provider: "process", Endpoint: { } endpoint } || cell.State == CellState.Retired
                || !Uri.TryCreate(endpoint, UriKind.Absolute, out var endpointUrl))
            {
                continue;
            }

            // While a cell is being deployed it has two processes: the one serving its endpoint is the cell's.
            var candidates = running.Where(p => string.Equals(p.CellId, cell.Id, StringComparison.Ordinal)).ToList();
            if ((candidates.FirstOrDefault(p => string.Equals(p.Urls?.TrimEnd('/'), endpoint.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)) ?? candidates.FirstOrDefault()) is { } process)
            {
                found.Add(new CellProcess(cell.Id, endpointUrl, process.ProcessId));
            }
        }

        return found;
    }

    /// <summary>Finds this stack's running cell processes and remembers them for <see cref="KillLeftoverCellsAsync"/>.</summary>
    private IReadOnlyList<FoundCellProcess> ScanCellProcesses()
    {
        var running = CellProcessFinder.Find(CellsDirectory);
        foreach (var process in running)
        {
            Remember(process.ProcessId);
        }

        return running;
    }

    private void Remember(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            _cellProcesses.TryAdd(processId, process.StartTime);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Gone already.
        }
    }

    private async Task KillLeftoverCellsAsync()
    {
        await Task.WhenAll(_cellProcesses.Select(p => KillIfLeftOverAsync(p.Key, p.Value)));
        _cellProcesses.Clear();
    }

    private async Task KillIfLeftOverAsync(int processId, DateTime startTime)
    {
        Process process;
        try
        {
            process = Process.GetProcessById(processId);
        }
        catch (ArgumentException)
        {
            return;
        }

        using (process)
        {
            try
            {
                // The same pid with another start time is an unrelated process: leave it alone.
                if (process.HasExited || process.StartTime != startTime)
                {
                    return;
                }

                try
                {
                    await process.WaitForExitAsync().WaitAsync(_options.StopTimeout, _timeProvider);
                }
                catch (TimeoutException)
                {
                    Report($"Killing leftover cell process {processId}.");
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // Exited while we looked at it.
            }
        }
    }
}
