namespace Cellular.ControlPlane.Providers.Commands;

/// <summary>A command that exited with 0.</summary>
/// <param name="Output">Its stdout, line by line (also in the cell's log).</param>
/// <param name="Elapsed">How long it ran.</param>
internal sealed record CommandResult(IReadOnlyList<string> Output, TimeSpan Elapsed);
