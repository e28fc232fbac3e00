using Microsoft.AspNetCore.Http;

namespace Cellular.Router.Forwarding;

/// <summary>
/// The routing decision of one request, handed to <see cref="CellTransformer"/> as a request
/// feature. Instances are pooled and reused; they live only while the request is forwarded.
/// </summary>
internal sealed class RoutedRequest
{
    /// <summary>The resolved tenant key, sent upstream as <c>X-Tenant-Id</c>.</summary>
    public string TenantKey { get; private set; } = string.Empty;

    /// <summary>The tenant's epoch, sent upstream as <c>X-Tenant-Epoch</c>.</summary>
    public string Epoch { get; private set; } = string.Empty;

    /// <summary>The cell that serves the request, returned as <c>X-Cell-Id</c>.</summary>
    public string CellId { get; private set; } = string.Empty;

    /// <summary>The rule and table version that decided, returned as <c>X-Cell-Route</c>.</summary>
    public string RouteHeader { get; private set; } = string.Empty;

    /// <summary>The path to forward when it differs from the request's (path-prefix keys); otherwise no value.</summary>
    public PathString ForwardPath { get; private set; }

    /// <summary>Fills the instance for one request.</summary>
    public void Set(string tenantKey, string epoch, string cellId, string routeHeader, PathString forwardPath)
    {
        TenantKey = tenantKey;
        Epoch = epoch;
        CellId = cellId;
        RouteHeader = routeHeader;
        ForwardPath = forwardPath;
    }

    /// <summary>Drops every reference so a pooled instance keeps nothing alive.</summary>
    public void Reset() => Set(string.Empty, string.Empty, string.Empty, string.Empty, default);
}
