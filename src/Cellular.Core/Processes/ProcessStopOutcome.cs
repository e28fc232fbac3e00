namespace Cellular.Core.Processes;

/// <summary>How a process ended when asked to stop (<see cref="ProcessStopper.StopAsync"/>).</summary>
public enum ProcessStopOutcome
{
    /// <summary>It had already exited.</summary>
    AlreadyExited,

    /// <summary>It exited after SIGTERM within the grace period.</summary>
    Terminated,

    /// <summary>It did not exit in time (or could not be signalled) and was killed with its process tree.</summary>
    Killed,
}
