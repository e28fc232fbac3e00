namespace Cellular.ControlPlane.Providers.Processes;

/// <summary>How a cell process ended when asked to stop.</summary>
internal enum StopOutcome
{
    /// <summary>It had already exited.</summary>
    AlreadyExited,

    /// <summary>It exited after SIGTERM within the stop timeout.</summary>
    Terminated,

    /// <summary>It did not exit in time and was killed with its process tree.</summary>
    Killed,
}
