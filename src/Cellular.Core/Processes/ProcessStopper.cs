using System.ComponentModel;
using System.Diagnostics;

namespace Cellular.Core.Processes;

/// <summary>
/// Stops a child process politely: SIGTERM, a grace period to finish what it is doing, then a
/// kill of its whole process tree. The one implementation of that loop, shared by the control
/// plane's process cells and <c>cellctl</c>'s local stack, so both stop things the same way.
/// </summary>
public static class ProcessStopper
{
    /// <summary>
    /// Sends SIGTERM and waits up to <paramref name="gracePeriod"/> (on <paramref name="time"/>);
    /// if the process is still running then (or could not be signalled), kills its process tree
    /// and waits up to <paramref name="gracePeriod"/> again for it to be reaped.
    /// </summary>
    /// <param name="process">The process; it is not disposed.</param>
    /// <param name="gracePeriod">How long it may take to stop after SIGTERM, and to be reaped after the kill.</param>
    /// <param name="time">The clock of the waits.</param>
    /// <param name="onGraceExpired">Called once, before the kill, when SIGTERM was sent but the process did not stop in time.</param>
    /// <param name="cancellationToken">Stops waiting (the process is left as it is).</param>
    public static async Task<ProcessStopOutcome> StopAsync(
        Process process,
        TimeSpan gracePeriod,
        TimeProvider time,
        Action? onGraceExpired = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(time);
        if (HasExited(process))
        {
            return ProcessStopOutcome.AlreadyExited;
        }

        if (PosixSignals.TryTerminate(process.Id))
        {
            if (await WaitForExitAsync(process, gracePeriod, time, cancellationToken).ConfigureAwait(false))
            {
                return ProcessStopOutcome.Terminated;
            }

            onGraceExpired?.Invoke();
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own in the meantime.
            return ProcessStopOutcome.Terminated;
        }
        catch (Win32Exception)
        {
            // Same: the process is gone or no longer ours to signal.
        }

        await WaitForExitAsync(process, gracePeriod, time, cancellationToken).ConfigureAwait(false);
        return ProcessStopOutcome.Killed;
    }

    /// <summary>True when the process has exited, or is not one this process can observe any more.</summary>
    public static bool HasExited(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static async Task<bool> WaitForExitAsync(Process process, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HasExited(process);
        }
    }
}
