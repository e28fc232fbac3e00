using Cellular.Core.Http;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Cellular.Cell.Hosting;

/// <summary>
/// Answers what the client did wrong as the 4xx it is, in problem+json, instead of a 500: above all
/// a body over the server's limit (Kestrel's <c>MaxRequestBodySize</c>) is 413, wherever the app
/// was reading it. A tenant's bad request then never looks like a failure of the cell.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public const string TooLargeTitle = "Request body too large";
    public const string BadRequestTitle = "Bad request";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException { StatusCode: >= 400 and < 500 } bad || httpContext.Response.HasStarted)
        {
            return false;
        }

        var status = bad.StatusCode;
        LogBadRequest(logger, httpContext.Request.Method, httpContext.Request.Path.Value, status);
        string title, detail;
        if (status == StatusCodes.Status413PayloadTooLarge)
        {
            var limit = httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            title = TooLargeTitle;
            detail = limit is null
                ? "The request body is larger than this cell accepts."
                : $"The request body is larger than this cell accepts ({limit} bytes at most).";
        }
        else
        {
            title = BadRequestTitle;
            detail = "The request could not be read: it is malformed or incomplete.";
        }

        await ProblemJson.WriteAsync(httpContext, status, title, detail).ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(EventId = Internal.EventIds.BadRequestAnswered, Level = LogLevel.Debug, Message = "Answered {Method} {Path} with {Status}: the client's request could not be read")]
    private static partial void LogBadRequest(ILogger logger, string method, string? path, int status);
}
