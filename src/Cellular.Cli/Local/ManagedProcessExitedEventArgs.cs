namespace Cellular.Cli.Local;

/// <summary>A managed process ended.</summary>
/// <param name="name">The process's name, e.g. <c>router</c>.</param>
/// <param name="processId">Its process id.</param>
/// <param name="exitCode">Its exit code (128 + signal when a signal ended it).</param>
/// <param name="requested">True when it ended because it was asked to (stop or kill); false when it crashed or was killed from outside.</param>
public sealed class ManagedProcessExitedEventArgs(string name, int processId, int exitCode, bool requested) : EventArgs
{
    /// <summary>The process's name.</summary>
    public string Name { get; } = name;

    /// <summary>Its process id.</summary>
    public int ProcessId { get; } = processId;

    /// <summary>Its exit code.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>True when the exit was asked for through <see cref="ManagedProcess"/>; false for a crash or an outside kill.</summary>
    public bool Requested { get; } = requested;
}
