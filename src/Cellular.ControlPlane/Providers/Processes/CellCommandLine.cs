using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Providers.Processes;

/// <summary>
/// The arguments a process cell is started with (see docs/contracts.md):
/// <c>[dll] [--{key}={value} …] --urls {endpoint} --Cellular:Cell:Id={id} --Cellular:Cell:Version={version} --Cellular:Cell:DataDir={dir}</c>.
/// The release's config entries come first, in key order, so the control plane's own arguments
/// win should a key repeat one of them (the last occurrence of a key is the one .NET keeps).
/// </summary>
internal static class CellCommandLine
{
    /// <summary>The arguments of <paramref name="cell"/> on its current release and endpoint.</summary>
    public static IReadOnlyList<string> Arguments(CellCommand command, Cell cell, string dataDirectory)
    {
        var endpoint = cell.Endpoint ?? throw new ArgumentException($"Cell '{cell.Id}' has no endpoint to listen on.", nameof(cell));
        return Arguments(command, cell.Id, endpoint, cell.Release, dataDirectory);
    }

    /// <summary>The arguments of cell <paramref name="cellId"/> running <paramref name="release"/> on <paramref name="endpoint"/>.</summary>
    public static IReadOnlyList<string> Arguments(CellCommand command, string cellId, string endpoint, CellRelease release, string dataDirectory) =>
    [
        .. command.Arguments,
        .. release.Config.OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry => $"--{entry.Key}={entry.Value}"),
        "--urls",
        endpoint,
        $"--Cellular:Cell:Id={cellId}",
        $"--Cellular:Cell:Version={release.Version}",
        $"--Cellular:Cell:DataDir={dataDirectory}",
    ];

    /// <summary>The command line as one readable string, for logs.</summary>
    public static string Display(CellCommand command, IReadOnlyList<string> arguments) =>
        string.Join(' ', arguments.Prepend(command.FileName).Select(a => a.Contains(' ') ? $"\"{a}\"" : a));
}
