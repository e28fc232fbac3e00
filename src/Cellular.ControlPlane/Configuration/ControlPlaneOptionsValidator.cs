using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Configuration;

/// <summary>Refuses control-plane settings that would fail later, with a message naming the key.</summary>
internal sealed class ControlPlaneOptionsValidator : IValidateOptions<ControlPlaneOptions>
{
    private const int MaxBuckets = 1 << 20;
    private const int MaxVirtualNodes = 10_000;

    public ValidateOptionsResult Validate(string? name, ControlPlaneOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            failures.Add($"{ControlPlaneOptions.SectionName}:DataDir must name a directory.");
        }

        if (options.ReplicaId is { } replica && (replica.Length is 0 or > 128 || replica.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            failures.Add($"{ControlPlaneOptions.SectionName}:ReplicaId must be 1 to 128 characters without spaces, not '{replica}'.");
        }

        if (options.DefaultCellCapacity < 1)
        {
            failures.Add($"{ControlPlaneOptions.SectionName}:DefaultCellCapacity must be at least 1, not {options.DefaultCellCapacity}.");
        }

        if (options.MaxDeltaTenants is < 1 or > 10_000_000)
        {
            failures.Add($"{ControlPlaneOptions.SectionName}:MaxDeltaTenants must be 1 to 10000000, not {options.MaxDeltaTenants}.");
        }

        var fallback = options.Fallback ?? new FallbackOptions();
        if (!FallbackKinds.TryParse(fallback.Kind, out _))
        {
            failures.Add($"{ControlPlaneOptions.SectionName}:Fallback:Kind is '{fallback.Kind}'; use {FallbackKinds.Supported}.");
        }

        if (fallback.Buckets is < 1 or > MaxBuckets)
        {
            failures.Add($"{ControlPlaneOptions.SectionName}:Fallback:Buckets must be 1 to {MaxBuckets}, not {fallback.Buckets}.");
        }

        if (fallback.VirtualNodes is < 1 or > MaxVirtualNodes)
        {
            failures.Add($"{ControlPlaneOptions.SectionName}:Fallback:VirtualNodes must be 1 to {MaxVirtualNodes}, not {fallback.VirtualNodes}.");
        }

        if (!string.IsNullOrWhiteSpace(options.RouterToken) && !string.IsNullOrWhiteSpace(options.RouterTokenFile))
        {
            failures.Add($"{ControlPlaneOptions.SectionName}:RouterToken and {ControlPlaneOptions.SectionName}:RouterTokenFile are both set; set one.");
        }

        for (var i = 0; i < (options.Routers ?? []).Count; i++)
        {
            var router = options.Routers![i];
            if (!Uri.TryCreate(router, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Query.Length > 0)
            {
                failures.Add($"{ControlPlaneOptions.SectionName}:Routers:{i} is '{router}'; give a router's base URL, e.g. http://127.0.0.1:5080.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
