using Cellular.Core.Http;

namespace Cellular.ControlPlane.WebConsole;

/// <summary>
/// Refuses (403) a request authenticated by the console's session cookie that changes something
/// without <see cref="ConsoleAuthentication.CsrfHeader"/>: a page on another site can make a
/// browser send the cookie with a form post, but not with a custom header.
/// </summary>
internal sealed class ConsoleCsrfGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || context.User.Identity is not { IsAuthenticated: true, AuthenticationType: ConsoleAuthentication.SchemeName }
            || context.Request.Headers[ConsoleAuthentication.CsrfHeader] == "1")
        {
            await next(context);
            return;
        }

        await ProblemJson.WriteAsync(
            context,
            StatusCodes.Status403Forbidden,
            "Forbidden",
            $"A console request that changes something must carry the header {ConsoleAuthentication.CsrfHeader}: 1; this one did not, so it may come from another site.");
    }
}
