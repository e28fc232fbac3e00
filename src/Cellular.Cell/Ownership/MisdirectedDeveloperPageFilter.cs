using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Ownership;

/// <summary>
/// In Development, ASP.NET Core puts the developer exception page inside the SDK's middleware, so a
/// <see cref="TenantMisdirectedException"/> from the app's write transaction would become a 500
/// before <see cref="TenantOwnershipMiddleware"/> sees it. This filter answers 421 there too.
/// </summary>
internal sealed class MisdirectedDeveloperPageFilter(IOptions<CellOptions> options) : IDeveloperPageExceptionFilter
{
    public Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next)
    {
        if (errorContext.Exception is TenantMisdirectedException misdirected && !errorContext.HttpContext.Response.HasStarted)
        {
            errorContext.HttpContext.Response.Clear();
            return MisdirectedProblem.WriteAsync(errorContext.HttpContext, options.Value.Id, misdirected.Tenant, misdirected.Ownership, misdirected.Message);
        }

        return next(errorContext);
    }
}
