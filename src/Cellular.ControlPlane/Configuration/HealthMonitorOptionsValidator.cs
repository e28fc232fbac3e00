using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Configuration;

/// <summary>Refuses health-monitor settings that cannot work, with a message naming the key.</summary>
internal sealed class HealthMonitorOptionsValidator : IValidateOptions<HealthMonitorOptions>
{
    private const int MaxThreshold = 100;
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);

    public ValidateOptionsResult Validate(string? name, HealthMonitorOptions options)
    {
        const string Section = HealthMonitorOptions.SectionName;
        var failures = new List<string>();
        if (options.Interval < MinInterval || options.Interval > MaxInterval)
        {
            failures.Add($"{Section}:Interval must be {MinInterval} to {MaxInterval}, not {options.Interval}.");
        }

        if (options.Timeout < MinTimeout || options.Timeout > options.Interval)
        {
            failures.Add($"{Section}:Timeout must be at least {MinTimeout} and at most the Interval ({options.Interval}), not {options.Timeout}.");
        }

        if (options.FailureThreshold is < 1 or > MaxThreshold)
        {
            failures.Add($"{Section}:FailureThreshold must be 1 to {MaxThreshold}, not {options.FailureThreshold}.");
        }

        if (options.SuccessThreshold is < 1 or > MaxThreshold)
        {
            failures.Add($"{Section}:SuccessThreshold must be 1 to {MaxThreshold}, not {options.SuccessThreshold}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
