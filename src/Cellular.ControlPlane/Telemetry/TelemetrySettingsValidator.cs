using Cellular.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Telemetry;

/// <summary>Refuses to start the control plane with tracing settings it cannot use, saying which and why.</summary>
internal sealed class TelemetrySettingsValidator : IValidateOptions<TelemetrySettings>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TelemetrySettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
