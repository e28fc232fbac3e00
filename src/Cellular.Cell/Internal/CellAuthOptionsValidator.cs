using Cellular.Core.Security;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Internal;

/// <summary>Checks <see cref="CellAuthOptions"/> at start-up; no message ever quotes the secret.</summary>
internal sealed class CellAuthOptionsValidator : IValidateOptions<CellAuthOptions>
{
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan MaxPreviousGenerationGrace = TimeSpan.FromHours(1);

    private const string SecretKey = CellAuthOptions.SectionName + ":Secret";
    private const string AllowUnsignedKey = CellAuthOptions.SectionName + ":AllowUnsigned";

    public ValidateOptionsResult Validate(string? name, CellAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.Secret))
        {
            if (!options.AllowUnsigned)
            {
                failures.Add($"{SecretKey} is not set and {AllowUnsignedKey} is not true. A cell must authenticate its callers: give it its secret from the control plane (environment variable Cellular__Cell__Auth__Secret), or set {AllowUnsignedKey}=true to trust unsigned calls explicitly.");
            }
        }
        else if (!CellSecrets.TryDecode(options.Secret, out _))
        {
            failures.Add($"{SecretKey} is not a cell secret: it must be base64url of at least 16 bytes, as the control plane gives it (GET /api/v1/cells/{{id}}/secret).");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > MaxClockSkew)
        {
            failures.Add($"{CellAuthOptions.SectionName}:ClockSkew must be from 00:00:00 to {MaxClockSkew:c}; it was {options.ClockSkew:c}.");
        }

        if (options.PreviousGenerationGrace < TimeSpan.Zero || options.PreviousGenerationGrace > MaxPreviousGenerationGrace)
        {
            failures.Add($"{CellAuthOptions.SectionName}:PreviousGenerationGrace must be from 00:00:00 to {MaxPreviousGenerationGrace:c}; it was {options.PreviousGenerationGrace:c}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
