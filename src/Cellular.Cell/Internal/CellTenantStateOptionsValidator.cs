using Microsoft.Extensions.Options;

namespace Cellular.Cell.Internal;

/// <summary>Checks <see cref="CellTenantStateOptions"/> at start-up.</summary>
internal sealed class CellTenantStateOptionsValidator : IValidateOptions<CellTenantStateOptions>
{
    public const int MinOwnershipCacheSize = 16;
    public const int MaxOwnershipCacheSize = 10_000_000;

    public ValidateOptionsResult Validate(string? name, CellTenantStateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.OwnershipCacheSize is < MinOwnershipCacheSize or > MaxOwnershipCacheSize
            ? ValidateOptionsResult.Fail($"{CellTenantStateOptions.SectionName}:OwnershipCacheSize must be from {MinOwnershipCacheSize} to {MaxOwnershipCacheSize}; it was {options.OwnershipCacheSize}.")
            : ValidateOptionsResult.Success;
    }
}
