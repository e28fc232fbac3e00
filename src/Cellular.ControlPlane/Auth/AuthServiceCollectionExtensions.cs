using Cellular.ControlPlane.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers authentication (API keys, OIDC JWT bearer), the authorization policies and the trust services.</summary>
public static class AuthServiceCollectionExtensions
{
    /// <summary>The scheme that picks API key or OIDC by the token's shape.</summary>
    public const string BearerScheme = "Bearer";

    /// <summary>The OIDC JWT bearer scheme.</summary>
    public const string OidcScheme = "Oidc";

    /// <summary>
    /// Adds API-key and OIDC authentication with options from <c>Cellular:ControlPlane:Auth</c>
    /// (validated at start-up), deny-by-default authorization and problem+json refusals.
    /// </summary>
    public static IServiceCollection AddControlPlaneAuth(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<ControlPlaneAuthOptions>().BindConfiguration(ControlPlaneAuthOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ControlPlaneAuthOptions>, ControlPlaneAuthOptionsValidator>());
        services.TryAddSingleton<ApiKeyService>();
        services.TryAddSingleton<AuthService>();
        services.TryAddSingleton<CellKeys>();
        services.TryAddSingleton<TenantIssuer>();
        services.TryAddSingleton<DeniedAttemptLimiter>();
        services.TryAddTransient<CellCredentialHandler>();
        services.TryAddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = BearerScheme;
                o.DefaultChallengeScheme = BearerScheme;
            })
            .AddPolicyScheme(BearerScheme, "API key, OIDC token or console session", o => o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer(OidcScheme, _ => { });
        services.AddOptions<JwtBearerOptions>(OidcScheme).Configure<IOptions<ControlPlaneAuthOptions>>((jwt, auth) => ConfigureOidc(jwt, auth.Value.Oidc));
        services.AddAuthorization(AuthPolicies.Add);
        return services;
    }

    private static string SelectScheme(HttpContext context)
    {
        var token = BearerToken.From(context.Request);
        if (token is null && context.Request.Cookies.ContainsKey(Cellular.ControlPlane.WebConsole.ConsoleAuthentication.CookieName))
        {
            return Cellular.ControlPlane.WebConsole.ConsoleAuthentication.SchemeName;
        }

        var oidc = context.RequestServices.GetRequiredService<IOptions<ControlPlaneAuthOptions>>().Value.Oidc;
        return token is null || token.StartsWith(ApiKeyToken.Prefix, StringComparison.Ordinal) || !oidc.Enabled
            ? ApiKeyAuthenticationHandler.SchemeName
            : OidcScheme;
    }

    private static void ConfigureOidc(JwtBearerOptions jwt, OidcOptions oidc)
    {
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = oidc.Issuer,
            ValidAudience = oidc.Audience,
            NameClaimType = oidc.NameClaim,
            RoleClaimType = oidc.RoleClaim,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.RsaSha384],
        };
        if (!oidc.Enabled)
        {
            return;
        }

        // The name is the audit's actor: a token without one is refused rather than audited as nobody.
        var nameClaim = oidc.NameClaim;
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                if (string.IsNullOrWhiteSpace(context.Principal?.Identity?.Name))
                {
                    context.Fail($"The token has no '{nameClaim}' claim to name its principal.");
                }
                else
                {
                    // oidc:{name}, so a subject cannot pass for the API key of the same name.
                    context.Principal = OidcPrincipal.WithPrefixedName(context.Principal);
                }

                return Task.CompletedTask;
            },
        };

        if (!string.IsNullOrWhiteSpace(oidc.JwksUrl))
        {
            jwt.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                oidc.JwksUrl,
                new JwksRetriever(),
                new HttpDocumentRetriever { RequireHttps = oidc.JwksUrl.StartsWith("https:", StringComparison.OrdinalIgnoreCase) });
        }
        else
        {
            jwt.Authority = oidc.Authority;
            jwt.RequireHttpsMetadata = oidc.Authority!.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
        }
    }
}
