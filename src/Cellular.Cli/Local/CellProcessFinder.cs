using System.Globalization;
using System.Text;

namespace Cellular.Cli.Local;

/// <summary>
/// Finds the cell processes of one local stack by their command line, without asking the cells:
/// the control plane's process provider starts every cell with
/// <c>--Cellular:Cell:Id={id}</c> and <c>--Cellular:Cell:DataDir={cells dir}/{id}</c>
/// (docs/contracts.md), so a process whose data directory lies under this stack's cells
/// directory is one of its cells, whoever created it and whenever. Reads <c>/proc</c>; finds
/// nothing where there is none (macOS, Windows).
/// </summary>
internal static class CellProcessFinder
{
    private const string IdArgument = "--Cellular:Cell:Id=";
    private const string DataDirArgument = "--Cellular:Cell:DataDir=";

    /// <summary>Every running process whose cell data directory is inside <paramref name="cellsDirectory"/>.</summary>
    public static IReadOnlyList<FoundCellProcess> Find(string cellsDirectory, string procRoot = "/proc")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cellsDirectory);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(cellsDirectory)) + Path.DirectorySeparatorChar;
        var found = new List<FoundCellProcess>();
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories(procRoot);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return found;
        }

        foreach (var entry in entries)
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var processId)
                || processId == Environment.ProcessId)
            {
                continue;
            }

            if (ReadCommandLine(Path.Combine(entry, "cmdline")) is { } arguments && Match(arguments, root) is { } cellId)
            {
                found.Add(new FoundCellProcess(cellId, processId, UrlsOf(arguments)));
            }
        }

        return found;
    }

    /// <summary>The cell id when <paramref name="arguments"/> are those of a cell whose data directory is under <paramref name="root"/> (ending in a separator).</summary>
    internal static string? Match(IReadOnlyList<string> arguments, string root)
    {
        string? cellId = null;
        var inside = false;
        foreach (var argument in arguments)
        {
            if (argument.StartsWith(IdArgument, StringComparison.Ordinal))
            {
                cellId = argument[IdArgument.Length..];
            }
            else if (argument.StartsWith(DataDirArgument, StringComparison.Ordinal))
            {
                var directory = argument[DataDirArgument.Length..];
                inside = Path.IsPathFullyQualified(directory)
                    && Path.GetFullPath(directory).StartsWith(root, StringComparison.Ordinal);
            }
        }

        return inside && !string.IsNullOrEmpty(cellId) ? cellId : null;
    }

    /// <summary>The value after <c>--urls</c>, as the process provider passes it.</summary>
    internal static string? UrlsOf(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count - 1; i++)
        {
            if (arguments[i] == "--urls")
            {
                return arguments[i + 1];
            }
        }

        return null;
    }

    private static string[]? ReadCommandLine(string path)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length == 0)
            {
                return null;
            }

            return Encoding.UTF8.GetString(bytes).TrimEnd('\0').Split('\0');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone, or not ours to read.
            return null;
        }
    }
}
