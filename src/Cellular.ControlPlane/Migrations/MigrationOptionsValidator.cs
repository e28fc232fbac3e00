using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Migrations;

/// <summary>Refuses migration settings that cannot work, with a message naming the key.</summary>
internal sealed class MigrationOptionsValidator : IValidateOptions<MigrationOptions>
{
    private const int MaxConcurrency = 100;
    private const int MaxRounds = 100_000;
    private const int MaxPageSize = 10_000;
    private static readonly TimeSpan MinBudget = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBudget = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxSoak = TimeSpan.FromDays(7);
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(6);

    public ValidateOptionsResult Validate(string? name, MigrationOptions options)
    {
        const string Section = MigrationOptions.SectionName;
        var failures = new List<string>();
        Range(failures, $"{Section}:CutoverBudget", options.CutoverBudget, MinBudget, MaxBudget);
        Range(failures, $"{Section}:Soak", options.Soak, TimeSpan.Zero, MaxSoak);
        Range(failures, $"{Section}:RequestTimeout", options.RequestTimeout, MinTimeout, MaxTimeout);
        Range(failures, $"{Section}:TransferTimeout", options.TransferTimeout, MinTimeout, MaxTimeout);
        Range(failures, $"{Section}:RetryDelay", options.RetryDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        Range(failures, $"{Section}:MaxPerSourceCell", options.MaxPerSourceCell, 1, MaxConcurrency);
        Range(failures, $"{Section}:MaxPerTargetCell", options.MaxPerTargetCell, 1, MaxConcurrency);
        Range(failures, $"{Section}:CatchUpMaxRounds", options.CatchUpMaxRounds, 1, MaxRounds);
        Range(failures, $"{Section}:CatchUpMaxLag", options.CatchUpMaxLag, 0, int.MaxValue);
        Range(failures, $"{Section}:ChangePageSize", options.ChangePageSize, 1, MaxPageSize);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range<T>(List<string> failures, string key, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add($"{key} must be {min} to {max}, not {value}.");
        }
    }
}
