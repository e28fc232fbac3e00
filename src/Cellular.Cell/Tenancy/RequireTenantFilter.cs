using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cellular.Cell.Tenancy;

/// <summary>Answers 400 problem+json, before the handler runs, when a request has no valid tenant.</summary>
internal sealed partial class RequireTenantFilter(ILogger<RequireTenantFilter> logger) : IEndpointFilter
{
    public const string ProblemTitle = "Missing or invalid tenant";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var tenant = context.HttpContext.GetTenantContext();
        if (tenant.IsValid)
        {
            return next(context);
        }

        LogTenantRefused(logger, context.HttpContext.Request.Path.Value, tenant.Error);
        return ValueTask.FromResult<object?>(TypedResults.Problem(detail: tenant.Error, statusCode: StatusCodes.Status400BadRequest, title: ProblemTitle));
    }
}
