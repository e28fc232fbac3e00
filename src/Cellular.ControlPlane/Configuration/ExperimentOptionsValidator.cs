using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Configuration;

/// <summary>Refuses experiment-runner settings that cannot work, with a message naming the key.</summary>
internal sealed class ExperimentOptionsValidator : IValidateOptions<ExperimentOptions>
{
    private const int MaxMissedChecks = 1000;
    private static readonly TimeSpan MinTime = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxCheckInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxEvaluationWindow = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, ExperimentOptions options)
    {
        const string Section = ExperimentOptions.SectionName;
        var failures = new List<string>();
        Check(failures, $"{Section}:CheckInterval", options.CheckInterval, MinTime, MaxCheckInterval);
        Check(failures, $"{Section}:EvaluationWindow", options.EvaluationWindow, TimeSpan.FromSeconds(1), MaxEvaluationWindow);
        Check(failures, $"{Section}:RequestTimeout", options.RequestTimeout, MinTime, MaxRequestTimeout);
        if (options.MaxMissedChecks is < 1 or > MaxMissedChecks)
        {
            failures.Add($"{Section}:MaxMissedChecks must be 1 to {MaxMissedChecks}, not {options.MaxMissedChecks}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{key} must be {min} to {max}, not {value}.");
        }
    }
}
