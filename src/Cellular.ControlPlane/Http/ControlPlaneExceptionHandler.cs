using Cellular.ControlPlane.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Cellular.ControlPlane.Http;

/// <summary>
/// Writes refused operations (<see cref="ControlPlaneException"/>) and malformed HTTP requests as
/// problem+json with their own status. Anything else falls through to the default handler,
/// which logs it and answers a 500 problem.
/// </summary>
internal sealed class ControlPlaneExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            ControlPlaneException e => ((int)e.Kind, e.Title, e.Message),
            BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message),
            _ => (0, string.Empty, string.Empty),
        };

        if (status == 0)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
