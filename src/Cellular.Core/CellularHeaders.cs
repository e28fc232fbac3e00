namespace Cellular.Core;

/// <summary>
/// HTTP headers that carry routing facts between router, cells and clients. Every header in
/// <see cref="Internal"/> is set only by Cellular; the router strips any a client sends.
/// </summary>
public static class CellularHeaders
{
    /// <summary>The tenant key; set by clients, rewritten by the router to the key it resolved.</summary>
    public const string TenantId = "X-Tenant-Id";

    /// <summary>The tenant's ownership epoch, sent upstream so the cell can refuse stale routing.</summary>
    public const string TenantEpoch = "X-Tenant-Epoch";

    /// <summary>The cell that answered, on every routed response.</summary>
    public const string CellId = "X-Cell-Id";

    /// <summary>The routing rule and table version that decided, e.g. <c>assignment; v=42</c>.</summary>
    public const string CellRoute = "X-Cell-Route";

    /// <summary>Sent by a cell on 421: the cell that now owns the tenant.</summary>
    public const string TenantOwner = "X-Cellular-Owner";

    /// <summary>
    /// On the router's 429 and 503 answers, next to <c>Retry-After</c> (whole seconds, rounded up):
    /// how long to wait in milliseconds, for clients that can retry sooner than a second.
    /// </summary>
    public const string RetryAfterMs = "Retry-After-Ms";

    /// <summary>
    /// The router's signed tenant assertion on every forwarded request (see
    /// <see cref="Security.TenantAssertion"/>); a cell serves a tenant request only with a valid one for itself.
    /// </summary>
    public const string TenantAssertion = "X-Cellular-Assertion";

    /// <summary>Headers only Cellular may set; a client's copies are removed before forwarding.</summary>
    public static IReadOnlyList<string> Internal { get; } = [TenantEpoch, CellId, CellRoute, TenantOwner, TenantAssertion];
}
