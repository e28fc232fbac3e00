using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Configuration;

/// <summary>Refuses process-provider settings that would fail later, with a message naming the key.</summary>
internal sealed class ProcessProviderOptionsValidator : IValidateOptions<ProcessProviderOptions>
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, ProcessProviderOptions options)
    {
        const string Section = ProcessProviderOptions.SectionName;
        var failures = new List<string>();
        WorkloadPlacementChecks.Check(failures, Section, options.DataDir, options.PortBase, options.Host);

        if (options.StartTimeout <= TimeSpan.Zero || options.StartTimeout > MaxTimeout)
        {
            failures.Add($"{Section}:StartTimeout must be more than 0 and at most {MaxTimeout}, not {options.StartTimeout}.");
        }

        if (options.StopTimeout < TimeSpan.Zero || options.StopTimeout > MaxTimeout)
        {
            failures.Add($"{Section}:StopTimeout must be 0 to {MaxTimeout}, not {options.StopTimeout}.");
        }

        if (!string.IsNullOrWhiteSpace(options.CellCommand) && options.CellCommand.Contains(Path.DirectorySeparatorChar) && !File.Exists(options.CellCommand))
        {
            failures.Add($"{Section}:CellCommand is '{options.CellCommand}', which does not exist.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
