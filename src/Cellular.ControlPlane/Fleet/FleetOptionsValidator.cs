using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Fleet;

/// <summary>Refuses fleet-view settings that cannot work, with a message naming the key.</summary>
internal sealed class FleetOptionsValidator : IValidateOptions<FleetOptions>
{
    private const int MaxSamples = 3600;
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxWindow = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, FleetOptions options)
    {
        const string Section = FleetOptions.SectionName;
        var failures = new List<string>();
        if (options.SampleInterval < MinInterval || options.SampleInterval > MaxInterval || options.SampleInterval.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            // Routers keep one-second buckets: a fraction of a second cannot be read on its own.
            failures.Add($"{Section}:SampleInterval must be whole seconds from {MinInterval} to {MaxInterval}, not {options.SampleInterval}.");
        }

        if (options.SignalWindow < options.SampleInterval || options.SignalWindow > MaxWindow || options.SignalWindow.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            failures.Add($"{Section}:SignalWindow must be whole seconds from the SampleInterval ({options.SampleInterval}) to {MaxWindow}, not {options.SignalWindow}.");
        }

        if (options.SparklineSamples is < 1 or > MaxSamples)
        {
            failures.Add($"{Section}:SparklineSamples must be 1 to {MaxSamples}, not {options.SparklineSamples}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
