using Cellular.ControlPlane.WebConsole;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the web console: its session cookie scheme, sessions, one-time links and files.</summary>
public static class ConsoleServiceCollectionExtensions
{
    /// <summary>
    /// Adds the console's cookie scheme (<see cref="ConsoleAuthentication.SchemeName"/>) to the
    /// control plane's authentication, with options from <c>Cellular:ControlPlane:Console</c>
    /// validated at start-up. Call after <c>AddControlPlaneAuth</c>.
    /// </summary>
    public static IServiceCollection AddCellularConsole(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidator>());
        services.TryAddSingleton<ConsoleSessionStore>();
        services.TryAddSingleton<ConsoleLinks>();
        services.TryAddSingleton<ConsoleSignIn>();
        services.TryAddSingleton<ConsoleAssets>();
        services.TryAddSingleton<ConsoleSessionValidator>();

        services.AddAuthentication().AddCookie(ConsoleAuthentication.SchemeName, _ => { });
        services.AddOptions<CookieAuthenticationOptions>(ConsoleAuthentication.SchemeName)
            .Configure<ConsoleSessionStore, ConsoleSessionValidator, IOptions<ConsoleOptions>, ILoggerFactory>((cookie, store, validator, console, loggers) =>
            {
                cookie.Cookie.Name = ConsoleAuthentication.CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.Cookie.Path = "/";
                cookie.ExpireTimeSpan = console.Value.SessionIdleTimeout;
                cookie.SlidingExpiration = true;
                cookie.SessionStore = store;

                // Sessions live in this process only, so the cookie's protection keys may too.
                cookie.DataProtectionProvider = new EphemeralDataProtectionProvider(loggers);
                cookie.Events.OnValidatePrincipal = validator.ValidateAsync;

                // An API answers 401/403 (problem+json written by the authorization handler), never a redirect.
                cookie.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
                cookie.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
        return services;
    }
}
