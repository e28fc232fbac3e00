using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.WebConsole;

/// <summary>Refuses console settings outside their ranges at start-up, naming the key.</summary>
internal sealed class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        var failures = new List<string>();
        Check(failures, nameof(ConsoleOptions.SessionIdleTimeout), options.SessionIdleTimeout, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        Check(failures, nameof(ConsoleOptions.LinkLifetime), options.LinkLifetime, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10));
        if (options.MaxSessions is < 10 or > 1_000_000)
        {
            failures.Add($"{ConsoleOptions.SectionName}:{nameof(ConsoleOptions.MaxSessions)} must be between 10 and 1000000 (was {options.MaxSessions}).");
        }

        if (options.MaxPendingLinks is < 1 or > 100_000)
        {
            failures.Add($"{ConsoleOptions.SectionName}:{nameof(ConsoleOptions.MaxPendingLinks)} must be between 1 and 100000 (was {options.MaxPendingLinks}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{ConsoleOptions.SectionName}:{key} must be between {min:c} and {max:c} (was {value:c}).");
        }
    }
}
