using Microsoft.Extensions.FileProviders;

namespace Cellular.ControlPlane.WebConsole;

/// <summary>
/// The console's files, embedded in this assembly from <c>WebConsole/wwwroot</c>: plain HTML, ES
/// modules and CSS, no CDN and no build step, so the console works on a machine without network.
/// </summary>
internal sealed class ConsoleAssets
{
    /// <summary>Where the files are served.</summary>
    public const string RequestPath = "/console/assets";

    /// <summary>The page of a signed-in user.</summary>
    public const string AppPage = "index.html";

    /// <summary>The only page shown without a session.</summary>
    public const string SignInPage = "sign-in.html";

    /// <summary>
    /// Same-origin only; no inline script. Inline styles are allowed for the charts' computed
    /// sizes. Nothing may frame the console (clickjacking of its buttons).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    public IFileProvider Files { get; } = new ManifestEmbeddedFileProvider(typeof(ConsoleAssets).Assembly, "WebConsole/wwwroot");

    /// <summary>Writes a page with the console's security headers and no caching.</summary>
    public async Task WritePageAsync(HttpContext context, string page)
    {
        var file = Files.GetFileInfo(page);
        if (!file.Exists)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var response = context.Response;
        AddSecurityHeaders(response);
        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = file.Length;
        await using var stream = file.CreateReadStream();
        await stream.CopyToAsync(response.Body, context.RequestAborted);
    }

    /// <summary>Headers every console response carries.</summary>
    public static void AddSecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
