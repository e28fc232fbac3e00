using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Store;

/// <summary>Refuses an unknown provider or a connection string that does not fit it, at start-up.</summary>
internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        switch (options.Provider)
        {
            case StoreProviders.Sqlite when options.ConnectionString is not null:
                return ValidateOptionsResult.Fail(
                    $"{StoreOptions.SectionName}:ConnectionString is set but the provider is 'sqlite', which keeps its file in Cellular:ControlPlane:DataDir; set Provider to 'postgres' or remove the connection string.");
            case StoreProviders.Sqlite:
                return ValidateOptionsResult.Success;
            case StoreProviders.Postgres when string.IsNullOrWhiteSpace(options.ConnectionString):
                return ValidateOptionsResult.Fail(
                    $"{StoreOptions.SectionName}:Provider is 'postgres' but {StoreOptions.SectionName}:ConnectionString is missing (e.g. 'Host=127.0.0.1;Port=5432;Database=cellular;Username=cellular').");
            case StoreProviders.Postgres:
                return ValidateOptionsResult.Success;
            default:
                return ValidateOptionsResult.Fail(
                    $"{StoreOptions.SectionName}:Provider '{options.Provider}' is unknown; use '{StoreProviders.Sqlite}' or '{StoreProviders.Postgres}'.");
        }
    }
}
