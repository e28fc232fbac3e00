using System.CommandLine;
using Cellular.Core.Model;

namespace Cellular.Cli.Commands;

/// <summary>
/// Groups of cells on the command line: <c>--cells a,b</c> (one set, commas or repeats) and
/// <c>--wave a,b</c> (repeatable, one wave each, in order). Every id is checked, and no cell may
/// appear twice: a deployment reaches each cell once.
/// </summary>
internal static class CellGroupOptions
{
    /// <summary><c>--cells a,b</c>: one set of cells; the option may also be repeated.</summary>
    public static Option<string[]> Cells(string description)
    {
        var option = new Option<string[]>("--cells") { Description = description, HelpName = "a,b" };
        option.Validators.Add(result =>
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var token in result.Tokens)
            {
                foreach (var problem in Check("--cells", token.Value, seen))
                {
                    result.AddError(problem);
                }
            }
        });
        return option;
    }

    /// <summary><c>--wave a,b</c>, repeatable: each occurrence is the next wave.</summary>
    public static Option<string[]> Waves(string description)
    {
        var option = new Option<string[]>("--wave") { Description = description, HelpName = "a,b" };
        option.Validators.Add(result =>
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var token in result.Tokens)
            {
                foreach (var problem in Check("--wave", token.Value, seen))
                {
                    result.AddError(problem);
                }
            }
        });
        return option;
    }

    /// <summary>Every cell of <c>--cells</c>, in the order given; null when the option was not given.</summary>
    public static IReadOnlyList<string>? ParseCells(string[]? values) =>
        values is null || values.Length == 0 ? null : [.. values.SelectMany(Split)];

    /// <summary>One list per <c>--wave</c>, in order; null when the option was not given.</summary>
    public static IReadOnlyList<IReadOnlyList<string>>? ParseWaves(string[]? values) =>
        values is null || values.Length == 0 ? null : [.. values.Select(v => (IReadOnlyList<string>)Split(v))];

    private static string[] Split(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static IEnumerable<string> Check(string name, string value, HashSet<string> seen)
    {
        var cells = Split(value);
        if (cells.Length == 0)
        {
            yield return $"{name}: '{value}' names no cell; give cell ids separated by commas, e.g. {name} c1,c2.";
            yield break;
        }

        foreach (var cell in cells)
        {
            if (Ids.DescribeInvalidCellId(cell) is { } problem)
            {
                yield return $"{name}: {problem}";
            }
            else if (!seen.Add(cell))
            {
                yield return name == "--wave"
                    ? $"--wave: cell {cell} is in more than one wave; a deployment reaches each cell once."
                    : $"--cells: cell {cell} is given twice.";
            }
        }
    }
}
