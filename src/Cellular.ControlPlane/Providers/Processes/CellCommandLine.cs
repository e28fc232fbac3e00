using Cellular.Core.Model;

namespace Cellular.ControlPlane.Providers.Processes;

/// <summary>
/// The arguments a process cell is started with (see docs/contracts.md):
/// <c>[dll] --urls {endpoint} --Cellular:Cell:Id={id} --Cellular:Cell:Version={version} --Cellular:Cell:DataDir={dir}</c>.
/// </summary>
internal static class CellCommandLine
{
    public static IReadOnlyList<string> Arguments(CellCommand command, Cell cell, string dataDirectory)
    {
        var endpoint = cell.Endpoint ?? throw new ArgumentException($"Cell '{cell.Id}' has no endpoint to listen on.", nameof(cell));
        return
        [
            .. command.Arguments,
            "--urls",
            endpoint,
            $"--Cellular:Cell:Id={cell.Id}",
            $"--Cellular:Cell:Version={cell.Version}",
            $"--Cellular:Cell:DataDir={dataDirectory}",
        ];
    }

    /// <summary>The command line as one readable string, for logs.</summary>
    public static string Display(CellCommand command, IReadOnlyList<string> arguments) =>
        string.Join(' ', arguments.Prepend(command.FileName).Select(a => a.Contains(' ') ? $"\"{a}\"" : a));
}
