namespace Cellular.Simulation;

/// <summary>The kinds of fault injected.</summary>
internal enum FaultKind
{
    /// <summary>kill -9 and restart later: a replica, cell or router loses everything not durable.</summary>
    Crash,

    /// <summary>SIGSTOP/GC pause of a replica, often past its lease; then it resumes where it was.</summary>
    Pause,

    /// <summary>The nodes are cut off from all others.</summary>
    Partition,
}
