using Cellular.Cell.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Hosting;

/// <summary>
/// Applies <see cref="CellOptions.MaxRequestBodySize"/> to tenant requests, so one tenant's huge
/// bodies are refused early (413, see <see cref="BadRequestExceptionHandler"/>) instead of being read.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<CellOptions> options)
{
    private readonly long? _limit = options.Value.MaxRequestBodySize;

    public Task InvokeAsync(HttpContext context)
    {
        if (_limit is { } limit
            && !CellPaths.IsCellContract(context.Request.Path)
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return next(context);
    }
}
