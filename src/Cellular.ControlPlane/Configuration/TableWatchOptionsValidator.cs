using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Configuration;

/// <summary>Refuses table-watch settings that cannot work, with a message naming the key.</summary>
internal sealed class TableWatchOptionsValidator : IValidateOptions<TableWatchOptions>
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, TableWatchOptions options)
    {
        const string Section = TableWatchOptions.SectionName;
        var failures = new List<string>();
        Check(failures, $"{Section}:PollInterval", options.PollInterval);
        Check(failures, $"{Section}:ListenCheckInterval", options.ListenCheckInterval);
        Check(failures, $"{Section}:MaxReconnectDelay", options.MaxReconnectDelay);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string key, TimeSpan value)
    {
        if (value < MinInterval || value > MaxInterval)
        {
            failures.Add($"{key} must be {MinInterval} to {MaxInterval}, not {value}.");
        }
    }
}
