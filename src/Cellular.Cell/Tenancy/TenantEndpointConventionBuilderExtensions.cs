using Cellular.Cell.Tenancy;
using Microsoft.AspNetCore.Http;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Endpoint conventions for tenant-scoped APIs.</summary>
public static class TenantEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Refuses requests without exactly one valid <c>X-Tenant-Id</c> (or with a malformed
    /// <c>X-Tenant-Epoch</c>) with 400 problem+json before the handler runs. Apply it to a
    /// minimal-API endpoint or group; handlers then read the tenant with <c>GetRequiredTenantId()</c>.
    /// </summary>
    public static TBuilder RequireTenant<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddEndpointFilter<TBuilder, RequireTenantFilter>();
    }
}
