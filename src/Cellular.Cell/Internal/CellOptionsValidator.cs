using Cellular.Core.Model;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Internal;

/// <summary>Checks <see cref="CellOptions"/> at start-up and says which setting to fix and how.</summary>
internal sealed class CellOptionsValidator : IValidateOptions<CellOptions>
{
    private const int MaxVersionLength = 128;

    public ValidateOptionsResult Validate(string? name, CellOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.Id))
        {
            failures.Add($"{CellOptions.SectionName}:Id is not set. Every cell must know its id: pass it as --{CellOptions.SectionName}:Id=<id> (lower-case letters, digits, '.', '_' and '-').");
        }
        else if (Ids.DescribeInvalidCellId(options.Id) is { } problem)
        {
            failures.Add($"{CellOptions.SectionName}:Id is not valid. {problem}");
        }

        if (string.IsNullOrWhiteSpace(options.Version))
        {
            failures.Add($"{CellOptions.SectionName}:Version must not be empty.");
        }
        else if (options.Version.Length > MaxVersionLength || options.Version.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add($"{CellOptions.SectionName}:Version '{options.Version}' is not valid; use at most {MaxVersionLength} characters without spaces, e.g. 1.2.0.");
        }

        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            failures.Add($"{CellOptions.SectionName}:DataDir must not be empty; it is the directory of the cell's data store.");
        }
        else if (options.DataDir.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add($"{CellOptions.SectionName}:DataDir '{options.DataDir}' contains a character that is not allowed in a path.");
        }

        if (options.MaxRequestBodySize is <= 0)
        {
            failures.Add($"{CellOptions.SectionName}:MaxRequestBodySize must be a positive number of bytes (or unset for the server's limit); it was {options.MaxRequestBodySize}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
