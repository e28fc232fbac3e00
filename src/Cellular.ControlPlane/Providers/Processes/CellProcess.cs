using System.Diagnostics;
using Cellular.Core.Processes;

namespace Cellular.ControlPlane.Providers.Processes;

/// <summary>
/// A running cell process the control plane manages: one it started, or one it adopted after a
/// restart (found through the cell's <c>/_cell/info</c>). During a deployment a cell has two: the
/// one at its current endpoint and the one staged beside it.
/// </summary>
internal sealed class CellProcess(string cellId, string endpoint, Process process, bool adopted) : IDisposable
{
    private int _stopRequested;

    public string CellId { get; } = cellId;

    /// <summary>The base URL the process serves on.</summary>
    public string Endpoint { get; } = endpoint;

    /// <summary>Where this process sits among the cell's processes.</summary>
    public WorkloadKey Key => new(CellId, Endpoint);

    public int ProcessId { get; } = process.Id;

    /// <summary>True when this control plane found the process running rather than starting it.</summary>
    public bool Adopted { get; } = adopted;

    /// <summary>True once someone asked it to stop, so its exit is expected.</summary>
    public bool StopRequested => Volatile.Read(ref _stopRequested) != 0;

    public bool HasExited => ProcessStopper.HasExited(process);

    /// <summary>Calls <paramref name="onExit"/> with the exit code (null when unknown) when the process ends.</summary>
    public void OnExit(Action<CellProcess, int?> onExit)
    {
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => onExit(this, ExitCode());
    }

    public int? ExitCode()
    {
        try
        {
            return Adopted ? null : process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>SIGTERM, then after <paramref name="timeout"/> a kill of the whole process tree (<see cref="ProcessStopper"/>).</summary>
    public Task<ProcessStopOutcome> StopAsync(TimeSpan timeout, TimeProvider time)
    {
        Interlocked.Exchange(ref _stopRequested, 1);
        return ProcessStopper.StopAsync(process, timeout, time);
    }

    public void Dispose() => process.Dispose();
}
