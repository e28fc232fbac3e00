using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Deployments;

/// <summary>Refuses Prometheus settings that cannot work, naming the key.</summary>
internal sealed class PrometheusOptionsValidator : IValidateOptions<PrometheusOptions>
{
    private const string Section = PrometheusOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, PrometheusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        if (options.Url is { } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.Query)))
        {
            failures.Add($"{Section}:Url is '{url}'; use the base URL of Prometheus's HTTP API, e.g. http://127.0.0.1:9090.");
        }

        if (options.BearerTokenFile is not null && options.Url is null)
        {
            failures.Add($"{Section}:BearerTokenFile is set without {Section}:Url.");
        }

        if (options.BearerTokenFile is { Length: 0 })
        {
            failures.Add($"{Section}:BearerTokenFile is empty; name a file or leave it unset.");
        }

        if (options.Timeout < TimeSpan.FromMilliseconds(100) || options.Timeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{Section}:Timeout is {options.Timeout}; use 00:00:00.100 to 00:01:00.");
        }

        if (options.Interval < TimeSpan.FromSeconds(1) || options.Interval > TimeSpan.FromHours(1))
        {
            failures.Add($"{Section}:Interval is {options.Interval}; use 00:00:01 to 01:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
