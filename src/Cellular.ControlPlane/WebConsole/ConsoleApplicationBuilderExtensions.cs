using Cellular.ControlPlane.WebConsole;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the console's middleware to the control plane's pipeline.</summary>
public static class ConsoleApplicationBuilderExtensions
{
    /// <summary>
    /// Serves the console's files at <c>/console/assets</c> and refuses cookie-authenticated
    /// changes without the console's header. Call after <c>UseAuthentication</c>, before <c>UseAuthorization</c>.
    /// </summary>
    public static IApplicationBuilder UseCellularConsole(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var assets = app.ApplicationServices.GetRequiredService<ConsoleAssets>();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = assets.Files,
            RequestPath = ConsoleAssets.RequestPath,
            OnPrepareResponse = file =>
            {
                ConsoleAssets.AddSecurityHeaders(file.Context.Response);
                file.Context.Response.Headers.CacheControl = "no-cache";
            },
        });
        return app.UseMiddleware<ConsoleCsrfGuard>();
    }
}
