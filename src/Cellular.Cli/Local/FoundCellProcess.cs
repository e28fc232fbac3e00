namespace Cellular.Cli.Local;

/// <summary>A cell process found by <see cref="CellProcessFinder"/>.</summary>
/// <param name="CellId">The id on its command line.</param>
/// <param name="ProcessId">Its process id.</param>
/// <param name="Urls">Its <c>--urls</c> value: during a blue/green deploy a cell has two processes, and this tells which serves the cell's endpoint.</param>
internal sealed record FoundCellProcess(string CellId, int ProcessId, string? Urls = null);
