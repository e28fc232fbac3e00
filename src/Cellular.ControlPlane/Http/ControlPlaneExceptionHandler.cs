using Cellular.ControlPlane.Errors;
using Cellular.Core.Http;
using Microsoft.AspNetCore.Diagnostics;

namespace Cellular.ControlPlane.Http;

/// <summary>
/// Writes refused operations (<see cref="ControlPlaneException"/>), request bodies that cannot be
/// read (<see cref="JsonBodyException"/>) and malformed HTTP requests as problem+json with their own
/// status (<see cref="ProblemJson"/>). Anything else falls through to the default handler, which
/// logs it and answers a 500 problem.
/// </summary>
internal sealed class ControlPlaneExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            ControlPlaneException e => ((int)e.Kind, e.Title, e.Message),
            JsonBodyException e => (e.Status, e.Title, e.Message),
            BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message),
            _ => (0, string.Empty, string.Empty),
        };

        if (status == 0 || httpContext.Response.HasStarted)
        {
            return false;
        }

        await ProblemJson.WriteAsync(httpContext, status, title, detail);
        return true;
    }
}
