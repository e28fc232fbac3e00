namespace Cellular.ControlPlane.Providers.Commands;

/// <summary>One run of one target of one component of a cell.</summary>
/// <param name="Cell">The cell id, for logs.</param>
/// <param name="Component">The component's name.</param>
/// <param name="Target">The target (<see cref="CommandTargets"/>).</param>
/// <param name="Command">The command line, run with <c>/bin/sh -c</c>.</param>
/// <param name="Directory">Where it runs.</param>
/// <param name="Timeout">How long it may run before its process group is killed.</param>
/// <param name="Environment">Variables on top of the control plane's own environment.</param>
/// <param name="LogPath">The cell's log; stdout and stderr are appended to it.</param>
internal sealed record CommandInvocation(
    string Cell,
    string Component,
    string Target,
    string Command,
    string Directory,
    TimeSpan Timeout,
    IReadOnlyDictionary<string, string> Environment,
    string LogPath);
