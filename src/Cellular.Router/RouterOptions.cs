namespace Cellular.Router;

/// <summary>
/// Settings of the cell router, bound from <c>Cellular:Router</c> and validated at start-up.
/// </summary>
public sealed class RouterOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Cellular:Router";

    /// <summary>Base URL of the control plane the routing table is fetched from, when <see cref="ControlPlaneUrls"/> is empty.</summary>
    /// <value>Defaults to <c>http://127.0.0.1:5081</c>.</value>
    public string ControlPlaneUrl { get; set; } = "http://127.0.0.1:5081";

    /// <summary>
    /// Base URLs of the control-plane replicas (one store, the same API on each), in the order they
    /// are tried: the router long-polls one and moves to the next when it cannot connect, answers
    /// 5xx or does not answer in time. Entries may also be comma-separated lists.
    /// </summary>
    /// <value>Defaults to none: <see cref="ControlPlaneUrl"/> alone.</value>
    public List<string> ControlPlaneUrls { get; set; } = [];

    /// <summary>The control planes to sync from: <see cref="ControlPlaneUrls"/>, or <see cref="ControlPlaneUrl"/> when that is empty.</summary>
    internal IReadOnlyList<string> ResolveControlPlaneUrls()
    {
        var urls = (ControlPlaneUrls ?? [])
            .SelectMany(entry => (entry ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        return urls.Count > 0 ? urls : [ControlPlaneUrl];
    }

    /// <summary>
    /// The router's credential for the control plane (an API key of role <c>Router</c>), sent as
    /// <c>Authorization: Bearer</c> on every control-plane call: table, delta, assertion keys.
    /// </summary>
    /// <value>Defaults to none. Set this or <see cref="ControlPlaneTokenFile"/>, not both.</value>
    public string? ControlPlaneToken { get; set; }

    /// <summary>A file holding the router's control-plane credential; read again whenever it changes.</summary>
    /// <value>Defaults to none.</value>
    public string? ControlPlaneTokenFile { get; set; }

    /// <summary>
    /// The token <c>GET /_router/stats</c> and <c>/_router/limits</c> want as <c>Authorization: Bearer</c>
    /// (they name tenants); the control plane's experiments send it (<c>Cellular:ControlPlane:RouterToken</c>).
    /// </summary>
    /// <value>Defaults to none: the endpoints answer anyone. <c>cellctl up</c> sets <see cref="AdminTokenFile"/>. Set this or the file, not both.</value>
    public string? AdminToken { get; set; }

    /// <summary>A file holding <see cref="AdminToken"/>; read again whenever it changes.</summary>
    /// <value>Defaults to none.</value>
    public string? AdminTokenFile { get; set; }

    /// <summary>Verified tenant identity: JWT bearer tokens checked at the router (off by default).</summary>
    public TenantAuthOptions TenantAuth { get; set; } = new();

    /// <summary>Optional mutual TLS to cells with <c>https</c> endpoints.</summary>
    public CellTlsOptions CellTls { get; set; } = new();

    /// <summary>How the tenant assertions sent to cells are signed and their keys refreshed.</summary>
    public AssertionOptions Assertions { get; set; } = new();

    /// <summary>The last-known-good routing table on disk, loaded at start-up and rewritten on every new version.</summary>
    /// <value>Defaults to <c>.cellular/router/routing-table.json</c>, relative to the working directory.</value>
    public string TableFile { get; set; } = ".cellular/router/routing-table.json";

    /// <summary>Comma-separated order in which the tenant key is looked for: <c>Header</c>, <c>Path</c>, <c>Subdomain</c>.</summary>
    /// <value>Defaults to <c>Header,Path,Subdomain</c>. <c>Subdomain</c> is skipped while <see cref="Domain"/> is not set.</value>
    public string TenantKeySources { get; set; } = "Header,Path,Subdomain";

    /// <summary>The parent domain for sub-domain extraction: <c>acme.example.com</c> gives tenant <c>acme</c> when this is <c>example.com</c>.</summary>
    /// <value>Defaults to none, which turns sub-domain extraction off.</value>
    public string? Domain { get; set; }

    /// <summary>How long without contact with the control plane before the router reports its table as stale.</summary>
    /// <value>Defaults to 30 seconds. A long poll in progress adds <see cref="LongPollWait"/> of grace.</value>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the control plane may hold a long poll for table changes (1 to 60 seconds).</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan LongPollWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether the long poll asks only for what changed since the version in use
    /// (<c>/api/v1/routing-table/delta</c>). Off, every change downloads the whole table again:
    /// only for comparison, or for a control plane without the delta endpoint (which the router
    /// also detects by itself).
    /// </summary>
    /// <value>Defaults to true.</value>
    public bool IncrementalSync { get; set; } = true;

    /// <summary>Longest silence from a cell (no response headers, no body bytes) before the request fails with 503.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for a TCP connection to a cell.</summary>
    /// <value>Defaults to 2 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The <c>Retry-After</c> value, in seconds, of a 503 for a cell that is not serving.</summary>
    /// <value>Defaults to 5.</value>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>
    /// Requests one router lets be in flight to one cell; beyond it requests are shed at once with
    /// 503, so a slow cell cannot pile up work (and memory) in the router.
    /// </summary>
    /// <value>Defaults to 512. <see cref="Cells"/> may override it per cell.</value>
    public int CellConcurrencyLimit { get; set; } = 512;

    /// <summary>Per-cell overrides, keyed by cell id: <c>Cellular:Router:Cells:{cellId}:UpstreamTimeout</c> and <c>…:ConcurrencyLimit</c>.</summary>
    /// <value>Defaults to none.</value>
    public Dictionary<string, CellLimitOptions> Cells { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The per-tenant rate limit, which keeps a noisy tenant inside its own budget.</summary>
    public TenantRateLimitOptions TenantRateLimit { get; set; } = new();

    /// <summary>The per-cell circuit breaker, which makes a failing cell's tenants fail fast.</summary>
    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();

    /// <summary>How requests a cell refuses with 421 during a tenant's cutover are held and retried.</summary>
    public CutoverOptions Cutover { get; set; } = new();

    /// <summary>How requests are sent to cells: the lean HTTP/1.1 path or YARP.</summary>
    public ForwardingOptions Forwarding { get; set; } = new();

    /// <summary>How sockets are served: on the I/O threads (the default) or through the thread pool.</summary>
    public IoOptions Io { get; set; } = new();

    /// <summary>How long <c>/_router/stats</c> keeps its one-second buckets (10 seconds to 1 day).</summary>
    /// <value>Defaults to 10 minutes.</value>
    public TimeSpan StatsRetention { get; set; } = TimeSpan.FromMinutes(10);
}
