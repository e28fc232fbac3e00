using Cellular.Core.Model;
using Cellular.Router.Extraction;
using Microsoft.Extensions.Options;

namespace Cellular.Router.Hosting;

/// <summary>Refuses <see cref="RouterOptions"/> that cannot work, with a message that names the setting.</summary>
internal sealed class RouterOptionsValidator : IValidateOptions<RouterOptions>
{
    private const string Section = RouterOptions.SectionName;
    private const int MaxConcurrency = 1_000_000;
    private const int MaxBufferedBody = 64 * 1024 * 1024;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RouterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        var controlPlanes = options.ResolveControlPlaneUrls();
        var key = (options.ControlPlaneUrls ?? []).Count > 0 ? "ControlPlaneUrls" : "ControlPlaneUrl";
        foreach (var controlPlane in controlPlanes)
        {
            if (!Uri.TryCreate(controlPlane, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{Section}:{key} '{controlPlane}' is not an absolute http(s) URL.");
            }
        }

        if (controlPlanes.Select(u => u.TrimEnd('/')).Distinct(StringComparer.OrdinalIgnoreCase).Count() != controlPlanes.Count)
        {
            failures.Add($"{Section}:ControlPlaneUrls names a control plane twice ({string.Join(", ", controlPlanes)}); list each replica once.");
        }

        if (string.IsNullOrWhiteSpace(options.TableFile))
        {
            failures.Add($"{Section}:TableFile is empty; it names the file that keeps the last-known-good routing table.");
        }

        if (!TenantKeySourceList.TryParse(options.TenantKeySources, out var sources, out var sourceError))
        {
            failures.Add(sourceError!);
        }

        if (options.Domain is not null && Uri.CheckHostName(options.Domain.TrimStart('.')) != UriHostNameType.Dns)
        {
            failures.Add($"{Section}:Domain '{options.Domain}' is not a DNS name such as 'example.com'.");
        }
        else if (sources.Length == 1 && sources[0] == TenantKeySource.Subdomain && string.IsNullOrEmpty(options.Domain))
        {
            failures.Add($"{Section}:TenantKeySources is only 'Subdomain', which needs {Section}:Domain.");
        }

        Positive(failures, options.StaleAfter, "StaleAfter");
        Positive(failures, options.UpstreamTimeout, "UpstreamTimeout");
        Positive(failures, options.ConnectTimeout, "ConnectTimeout");
        if (options.LongPollWait < TimeSpan.FromSeconds(1) || options.LongPollWait > TimeSpan.FromSeconds(60))
        {
            failures.Add($"{Section}:LongPollWait is {options.LongPollWait}; it must be between 00:00:01 and 00:01:00.");
        }

        if (options.RetryAfterSeconds is < 1 or > 3600)
        {
            failures.Add($"{Section}:RetryAfterSeconds is {options.RetryAfterSeconds}; it must be between 1 and 3600.");
        }

        ValidateContainment(failures, options);
        ValidateTrust(failures, options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateTrust(List<string> failures, RouterOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ControlPlaneToken) && !string.IsNullOrWhiteSpace(options.ControlPlaneTokenFile))
        {
            failures.Add($"{Section}:ControlPlaneToken and {Section}:ControlPlaneTokenFile are both set; set one.");
        }

        if (!string.IsNullOrWhiteSpace(options.AdminToken) && !string.IsNullOrWhiteSpace(options.AdminTokenFile))
        {
            failures.Add($"{Section}:AdminToken and {Section}:AdminTokenFile are both set; set one.");
        }

        ValidateTenantAuth(failures, options.TenantAuth ?? new TenantAuthOptions());
        var tls = options.CellTls ?? new CellTlsOptions();
        if (tls.ClientCertificateFile is not null != tls.ClientKeyFile is not null)
        {
            failures.Add($"{Section}:CellTls:ClientCertificateFile and {Section}:CellTls:ClientKeyFile go together; set both or neither.");
        }

        foreach (var (name, file) in new[] { ("ClientCertificateFile", tls.ClientCertificateFile), ("ClientKeyFile", tls.ClientKeyFile), ("CaCertificateFile", tls.CaCertificateFile) })
        {
            if (file is not null && !File.Exists(file))
            {
                failures.Add($"{Section}:CellTls:{name} '{file}' does not exist.");
            }
        }

        var assertions = options.Assertions ?? new AssertionOptions();
        if (assertions.KeyRefreshInterval < TimeSpan.FromSeconds(1) || assertions.KeyRefreshInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{Section}:Assertions:KeyRefreshInterval is {assertions.KeyRefreshInterval}; it must be between 00:00:01 and 01:00:00.");
        }

        if (assertions.Lifetime < TimeSpan.FromSeconds(1) || assertions.Lifetime > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{Section}:Assertions:Lifetime is {assertions.Lifetime}; it must be between 00:00:01 and 00:10:00.");
        }

        if (assertions.MinRefreshInterval < TimeSpan.Zero || assertions.MinRefreshInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{Section}:Assertions:MinRefreshInterval is {assertions.MinRefreshInterval}; it must be between 00:00:00 and 00:01:00.");
        }
    }

    private static void ValidateTenantAuth(List<string> failures, TenantAuthOptions auth)
    {
        const string Prefix = Section + ":TenantAuth:";
        if (!Enum.IsDefined(auth.Mode))
        {
            failures.Add($"{Prefix}Mode '{auth.Mode}' is not None or Jwt.");
        }

        foreach (var algorithm in auth.Algorithms ?? [])
        {
            if (string.Equals(algorithm?.Trim(), "none", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{Prefix}Algorithms lists 'none'; unsigned tokens are never accepted.");
            }
            else if (!TenantAuthOptions.IsAllowedAlgorithm(algorithm))
            {
                failures.Add($"{Prefix}Algorithms lists '{algorithm}'; only asymmetric algorithms are allowed ({string.Join(", ", TenantAuthOptions.AllowedAlgorithms)}), never HS* (a shared secret) or none.");
            }
        }

        if (auth.Mode != TenantAuthMode.Jwt)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(auth.Issuer))
        {
            failures.Add($"{Prefix}Issuer is empty; Jwt mode needs the issuer tokens must come from.");
        }

        if (string.IsNullOrWhiteSpace(auth.Audience))
        {
            failures.Add($"{Prefix}Audience is empty; Jwt mode needs the audience tokens must be for.");
        }

        var hasUrl = !string.IsNullOrWhiteSpace(auth.JwksUrl);
        var hasFile = !string.IsNullOrWhiteSpace(auth.JwksFile);
        if (hasUrl == hasFile)
        {
            failures.Add($"{Prefix}JwksUrl and {Prefix}JwksFile: Jwt mode needs exactly one of them.");
        }
        else if (hasUrl && (!Uri.TryCreate(auth.JwksUrl, UriKind.Absolute, out var jwks) || (jwks.Scheme != Uri.UriSchemeHttp && jwks.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{Prefix}JwksUrl '{auth.JwksUrl}' is not an absolute http(s) URL.");
        }

        if (auth.ClockSkew < TimeSpan.Zero || auth.ClockSkew > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{Prefix}ClockSkew is {auth.ClockSkew}; it must be between 00:00:00 and 00:05:00.");
        }

        if (auth.JwksRefreshInterval < TimeSpan.FromSeconds(1) || auth.JwksRefreshInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"{Prefix}JwksRefreshInterval is {auth.JwksRefreshInterval}; it must be between 00:00:01 and 1.00:00:00.");
        }

        if (auth.JwksMinRefreshInterval < TimeSpan.Zero || auth.JwksMinRefreshInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{Prefix}JwksMinRefreshInterval is {auth.JwksMinRefreshInterval}; it must be between 00:00:00 and 01:00:00.");
        }

        if (string.IsNullOrWhiteSpace(auth.TenantClaim))
        {
            failures.Add($"{Prefix}TenantClaim is empty; it names the claim that carries the tenant.");
        }

        if (auth.CacheSize is < 0 or > 1 << 24)
        {
            failures.Add($"{Prefix}CacheSize is {auth.CacheSize}; it must be between 0 and {1 << 24}.");
        }
    }

    private static void ValidateContainment(List<string> failures, RouterOptions options)
    {
        if (options.CellConcurrencyLimit is < 1 or > MaxConcurrency)
        {
            failures.Add($"{Section}:CellConcurrencyLimit is {options.CellConcurrencyLimit}; it must be between 1 and {MaxConcurrency}.");
        }

        foreach (var (cell, limits) in options.Cells ?? [])
        {
            if (!Ids.IsValidCellId(cell))
            {
                failures.Add($"{Section}:Cells:{cell} does not name a valid cell: {Ids.DescribeInvalidCellId(cell)}");
            }

            if (limits?.UpstreamTimeout is { } timeout && timeout <= TimeSpan.Zero)
            {
                failures.Add($"{Section}:Cells:{cell}:UpstreamTimeout is {timeout}; it must be positive.");
            }

            if (limits?.ConcurrencyLimit is { } limit and (< 1 or > MaxConcurrency))
            {
                failures.Add($"{Section}:Cells:{cell}:ConcurrencyLimit is {limit}; it must be between 1 and {MaxConcurrency}.");
            }
        }

        var rate = options.TenantRateLimit;
        if (rate is null)
        {
            failures.Add($"{Section}:TenantRateLimit is missing.");
        }
        else
        {
            if (!(rate.PermitsPerSecondPerWeight is > 0 and <= 1_000_000))
            {
                failures.Add($"{Section}:TenantRateLimit:PermitsPerSecondPerWeight is {rate.PermitsPerSecondPerWeight}; it must be more than 0 and at most 1000000.");
            }

            if (!(rate.BurstSeconds is > 0 and <= 3600))
            {
                failures.Add($"{Section}:TenantRateLimit:BurstSeconds is {rate.BurstSeconds}; it must be more than 0 and at most 3600.");
            }

            if (rate.TrackedTenants is < 64 or > 16_777_216)
            {
                failures.Add($"{Section}:TenantRateLimit:TrackedTenants is {rate.TrackedTenants}; it must be between 64 and 16777216.");
            }
        }

        var breaker = options.CircuitBreaker;
        if (breaker is null)
        {
            failures.Add($"{Section}:CircuitBreaker is missing.");
        }
        else
        {
            if (breaker.ConsecutiveFailures < 1)
            {
                failures.Add($"{Section}:CircuitBreaker:ConsecutiveFailures is {breaker.ConsecutiveFailures}; it must be at least 1.");
            }

            if (breaker.MinimumFailingTenants is < 1 or > 2)
            {
                failures.Add($"{Section}:CircuitBreaker:MinimumFailingTenants is {breaker.MinimumFailingTenants}; it must be 1 or 2.");
            }

            if (!(breaker.FailureRatio is > 0 and <= 1))
            {
                failures.Add($"{Section}:CircuitBreaker:FailureRatio is {breaker.FailureRatio}; it must be more than 0 and at most 1.");
            }

            if (breaker.MinimumThroughput < 1)
            {
                failures.Add($"{Section}:CircuitBreaker:MinimumThroughput is {breaker.MinimumThroughput}; it must be at least 1.");
            }

            if (breaker.SamplingDuration < TimeSpan.FromMilliseconds(100) || breaker.SamplingDuration > TimeSpan.FromMinutes(10))
            {
                failures.Add($"{Section}:CircuitBreaker:SamplingDuration is {breaker.SamplingDuration}; it must be between 00:00:00.1 and 00:10:00.");
            }

            Positive(failures, breaker.BreakDuration, "CircuitBreaker:BreakDuration");
        }

        ValidateCutover(failures, options.Cutover);
        ForwardingOptionsValidation.Validate(failures, options.Forwarding);
        IoOptionsValidation.Validate(failures, options.Io);

        if (options.StatsRetention < TimeSpan.FromSeconds(10) || options.StatsRetention > TimeSpan.FromDays(1))
        {
            failures.Add($"{Section}:StatsRetention is {options.StatsRetention}; it must be between 00:00:10 and 1.00:00:00.");
        }
    }

    private static void ValidateCutover(List<string> failures, CutoverOptions? cutover)
    {
        if (cutover is null)
        {
            failures.Add($"{Section}:Cutover is missing.");
            return;
        }

        if (cutover.HoldTimeout < TimeSpan.Zero || cutover.HoldTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{Section}:Cutover:HoldTimeout is {cutover.HoldTimeout}; it must be between 00:00:00 and 00:01:00.");
        }

        if (cutover.MaxHeldRequests is < 0 or > MaxConcurrency)
        {
            failures.Add($"{Section}:Cutover:MaxHeldRequests is {cutover.MaxHeldRequests}; it must be between 0 and {MaxConcurrency}.");
        }

        if (cutover.MaxBufferedBodyBytes is < 0 or > MaxBufferedBody)
        {
            failures.Add($"{Section}:Cutover:MaxBufferedBodyBytes is {cutover.MaxBufferedBodyBytes}; it must be between 0 and {MaxBufferedBody} (64 MiB).");
        }
    }

    private static void Positive(List<string> failures, TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Section}:{key} is {value}; it must be positive.");
        }
    }
}
