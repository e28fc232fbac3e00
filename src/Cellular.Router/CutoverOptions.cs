namespace Cellular.Router;

/// <summary>
/// How the router rides out a tenant's cutover, bound from <c>Cellular:Router:Cutover</c>. When a
/// cell refuses a tenant with 421 (fenced or moved, before doing any work), the router holds the
/// request until the routing table moves the tenant, then sends it once more to the new owner, so
/// clients see latency instead of errors. If the table does not move the tenant within
/// <see cref="HoldTimeout"/>, the client gets 503 with <c>Retry-After</c>; nothing is sent to the
/// old cell again.
/// </summary>
public sealed class CutoverOptions
{
    /// <summary>Longest time one refused request waits for the table to move its tenant (0 to 1 minute).</summary>
    /// <value>Defaults to 3 seconds. 0 retries only when the table already moved the tenant.</value>
    public TimeSpan HoldTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Requests one router holds at once (0 to 1,000,000); beyond it a refused request gets 503 at
    /// once, so a cutover under heavy load cannot pile up connections and bodies in the router.
    /// </summary>
    /// <value>Defaults to 10,000.</value>
    public int MaxHeldRequests { get; set; } = 10_000;

    /// <summary>
    /// Largest request body kept so the request can be sent again (0 to 64 MiB). A larger body
    /// (known from <c>Content-Length</c>, or found while a chunked one is read) is not retried: the
    /// client gets 503. Each request with a body keeps its copy while it is forwarded or held.
    /// </summary>
    /// <value>Defaults to 1 MiB.</value>
    public int MaxBufferedBodyBytes { get; set; } = 1024 * 1024;
}
