namespace Cellular.Cli.Local;

/// <summary>A cell process found by <see cref="CellProcessFinder"/>.</summary>
/// <param name="CellId">The id on its command line.</param>
/// <param name="ProcessId">Its process id.</param>
internal sealed record FoundCellProcess(string CellId, int ProcessId);
