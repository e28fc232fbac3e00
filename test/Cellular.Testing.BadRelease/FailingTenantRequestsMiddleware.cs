using Cellular.Core;
using Microsoft.Extensions.Options;

namespace Cellular.Testing.BadRelease;

/// <summary>
/// Answers 500 (problem+json) to <see cref="BadReleaseOptions.FailRate"/> of the requests of
/// tenants matching <see cref="BadReleaseOptions.FailTenantPrefix"/>, spread evenly (a counter,
/// not a coin, so a short bake sees the configured share), and passes every <c>/_cell/*</c>
/// request on: health checks pass while tenants fail.
/// </summary>
internal sealed class FailingTenantRequestsMiddleware(RequestDelegate next, IOptions<BadReleaseOptions> options)
{
    private readonly BadReleaseOptions _options = options.Value;
    private long _requests;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsTargeted(context) || !ShouldFail())
        {
            await next(context);
            return;
        }

        await Results.Problem(
                title: "Bad release",
                detail: $"This release fails {_options.FailRate:P0} of tenant requests on purpose (BadRelease:FailRate).",
                statusCode: StatusCodes.Status500InternalServerError)
            .ExecuteAsync(context);
    }

    private bool IsTargeted(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(CellularEndpointRouteBuilderExtensions.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var tenant = context.Request.Headers[CellularHeaders.TenantId].ToString();
        return tenant.Length > 0 && tenant.StartsWith(_options.FailTenantPrefix, StringComparison.Ordinal);
    }

    // Request n fails when it carries the running count of failures past a whole number.
    private bool ShouldFail()
    {
        var n = Interlocked.Increment(ref _requests);
        return Math.Floor(n * _options.FailRate) > Math.Floor((n - 1) * _options.FailRate);
    }
}
