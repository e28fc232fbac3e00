using Cellular.Core.Api;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Auth;

/// <summary>Refuses auth settings that would fail later, with a message naming the key.</summary>
internal sealed class ControlPlaneAuthOptionsValidator : IValidateOptions<ControlPlaneAuthOptions>
{
    private const string Section = ControlPlaneAuthOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ControlPlaneAuthOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Bootstrap.Count; i++)
        {
            var key = options.Bootstrap[i];
            if (!ApiKeyNames.IsValid(key.Name))
            {
                failures.Add($"{Section}:Bootstrap:{i}:Name is '{key.Name}'; use 1-64 of A-Z a-z 0-9 . _ -.");
            }

            if (!ApiRoles.TryParse(key.Role, out _))
            {
                failures.Add($"{Section}:Bootstrap:{i}:Role is '{key.Role}'; use one of {string.Join(", ", Enum.GetNames<ApiRole>())}.");
            }

            if (string.IsNullOrWhiteSpace(key.TokenFile))
            {
                failures.Add($"{Section}:Bootstrap:{i}:TokenFile must name the file the token is written to.");
            }
        }

        if (options.DeniedAuditPerMinute is < 0 or > 100_000)
        {
            failures.Add($"{Section}:DeniedAuditPerMinute must be 0 to 100000, not {options.DeniedAuditPerMinute}.");
        }

        var oidc = options.Oidc;
        if (oidc.Enabled)
        {
            if (string.IsNullOrWhiteSpace(oidc.Audience))
            {
                failures.Add($"{Section}:Oidc:Audience must be set when {Section}:Oidc:Issuer is.");
            }

            if (string.IsNullOrWhiteSpace(oidc.JwksUrl) == string.IsNullOrWhiteSpace(oidc.Authority))
            {
                failures.Add($"{Section}:Oidc needs exactly one of JwksUrl and Authority.");
            }

            if (string.IsNullOrWhiteSpace(oidc.RoleClaim) || string.IsNullOrWhiteSpace(oidc.NameClaim))
            {
                failures.Add($"{Section}:Oidc:RoleClaim and NameClaim must name claims.");
            }
        }

        if (options.TenantIssuer.Enabled && (string.IsNullOrWhiteSpace(options.TenantIssuer.Issuer) || string.IsNullOrWhiteSpace(options.TenantIssuer.Audience)))
        {
            failures.Add($"{Section}:TenantIssuer:Issuer and Audience must be set when it is enabled.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
