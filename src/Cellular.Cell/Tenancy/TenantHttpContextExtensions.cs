using Microsoft.AspNetCore.Http;

namespace Cellular.Cell.Tenancy;

/// <summary>Access to the request's tenant, as the router set it in <c>X-Tenant-Id</c> and <c>X-Tenant-Epoch</c>.</summary>
public static class TenantHttpContextExtensions
{
    /// <summary>The request's tenant context, parsed on first use and kept as a request feature.</summary>
    public static ITenantContext GetTenantContext(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tenant = context.Features.Get<ITenantContext>();
        if (tenant is null)
        {
            tenant = TenantContext.FromHeaders(context.Request.Headers);
            context.Features.Set(tenant);
        }

        return tenant;
    }

    /// <summary>The request's valid tenant id, or null when it is missing or invalid.</summary>
    public static string? GetTenantId(this HttpContext context) => context.GetTenantContext().TenantId;

    /// <summary>The tenant's ownership epoch sent by the router, or null when there is none.</summary>
    public static long? GetTenantEpoch(this HttpContext context) => context.GetTenantContext().Epoch;

    /// <summary>
    /// The request's tenant id for handlers behind <c>RequireTenant()</c>, which has already
    /// answered 400 for requests without a valid one.
    /// </summary>
    /// <exception cref="InvalidOperationException">The request has no valid tenant, so the endpoint lacks <c>RequireTenant()</c>.</exception>
    public static string GetRequiredTenantId(this HttpContext context)
    {
        var tenant = context.GetTenantContext();
        return tenant.IsValid
            ? tenant.TenantId
            : throw new InvalidOperationException($"The request has no valid tenant ({tenant.Error}) Add RequireTenant() to the endpoint or its group so such requests are refused with 400 before the handler runs.");
    }
}
