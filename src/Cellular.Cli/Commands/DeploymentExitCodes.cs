using Cellular.Core.Api;

namespace Cellular.Cli.Commands;

/// <summary>
/// Exit codes of a watched deployment (<c>deploy --watch</c>, <c>deployments watch</c>), so scripts
/// can tell a rolled-back release from a failed one or a person's abort. 1 stays what it is for
/// every command: the command itself failed (bad arguments, an error answer, no answer).
/// </summary>
internal static class DeploymentExitCodes
{
    /// <summary>Every planned cell runs the release.</summary>
    public const int Succeeded = 0;

    /// <summary>A gate failed and the cells were rolled back.</summary>
    public const int RolledBack = 2;

    /// <summary>It stopped with cells it could not roll back.</summary>
    public const int Failed = 3;

    /// <summary>A person aborted it.</summary>
    public const int Aborted = 4;

    /// <summary>Ctrl+C stopped the watch; the deployment itself keeps running (128 + SIGINT, as shells report it).</summary>
    public const int StoppedWatching = 130;

    /// <summary>One line for <c>--help</c>.</summary>
    public const string Help = "Exit code 0 when it succeeds, 2 rolled back, 3 failed, 4 aborted, 130 when Ctrl+C stopped the watch (the deployment keeps running).";

    /// <summary>The exit code for a deployment that ended in <paramref name="state"/>; <see cref="Succeeded"/> for one still running.</summary>
    public static int For(DeploymentState state) =>
        state switch
        {
            DeploymentState.RolledBack => RolledBack,
            DeploymentState.Failed => Failed,
            DeploymentState.Aborted => Aborted,
            _ => Succeeded,
        };
}
