using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Cellular.Cli.Api;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Model;

namespace Cellular.Cli.Local;

// The safety net: remember the cell processes seen through /_cell/info and kill any that outlive the control plane.
public sealed partial class LocalStack
{
    private async Task<IReadOnlyList<CellProcess>> LearnCellProcessesAsync(IReadOnlyList<CellView> cells, CancellationToken cancellationToken)
    {
        var found = new List<CellProcess>();
        foreach (var cell in cells)
        {
            if (cell is not { Provider: "process", Endpoint: { } endpoint } || cell.State == CellState.Retired
                || !Uri.TryCreate(endpoint, UriKind.Absolute, out var endpointUrl))
            {
                continue;
            }

            var info = await TryGetCellInfoAsync(endpointUrl, cancellationToken).ConfigureAwait(false);
            if (info is null || info.ProcessId == Environment.ProcessId)
            {
                continue;
            }

            found.Add(new CellProcess(cell.Id, endpointUrl, info.ProcessId));
            Remember(info.ProcessId);
        }

        return found;
    }

    private async Task<CellInfo?> TryGetCellInfoAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        try
        {
            return await _probe.GetFromJsonAsync(new Uri(UrlText.AsBase(endpoint), "_cell/info"), CellularJsonContext.Default.CellInfo, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or NotSupportedException
            or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private void Remember(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            _cellProcesses[processId] = process.StartTime;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Gone already.
        }
    }

    private async Task KillLeftoverCellsAsync()
    {
        await Task.WhenAll(_cellProcesses.Select(p => KillIfLeftOverAsync(p.Key, p.Value))).ConfigureAwait(false);
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
                    await process.WaitForExitAsync().WaitAsync(_options.StopTimeout, _timeProvider).ConfigureAwait(false);
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
