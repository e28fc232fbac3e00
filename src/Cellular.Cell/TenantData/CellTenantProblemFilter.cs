using Cellular.Cell.Ownership;
using Cellular.Core.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cellular.Cell.TenantData;

/// <summary>
/// Guards every <c>/_cell/tenants/{tenant}</c> call: refuses an invalid tenant id with 400 before
/// the handler runs, and turns the operations' refusals into problem+json (409 conflict with the
/// tenant's state, 400 bad data, 503 drain timeout, 501 store not implemented).
/// </summary>
internal sealed class CellTenantProblemFilter : IEndpointFilter
{
    public const string RetryAfterSeconds = "1";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var tenant = context.HttpContext.GetRouteValue("tenant") as string;
        if (Ids.DescribeInvalidTenantId(tenant) is { } problem)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid tenant", detail: problem);
        }

        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (TenantOwnershipConflictException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Tenant ownership conflict", detail: e.Message);
        }
        catch (TenantDataFormatException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid tenant data", detail: e.Message);
        }
        catch (TenantDrainTimeoutException e)
        {
            context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Drain timed out", detail: e.Message);
        }
        catch (CellContractNotImplementedException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status501NotImplemented, title: "Not implemented by this app", detail: e.Message);
        }
    }
}
