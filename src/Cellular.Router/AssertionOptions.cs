namespace Cellular.Router;

/// <summary>
/// How the router signs the tenant assertion (<c>X-Cellular-Assertion</c>) it attaches to every
/// request it forwards, bound from <c>Cellular:Router:Assertions</c>. The signing keys come from
/// the control plane (<c>GET /api/v1/auth/assertion-keys</c>).
/// </summary>
public sealed class AssertionOptions
{
    /// <summary>How often the assertion keys are fetched again (1 second to 1 hour). A table naming a cell without a key fetches them at once.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an assertion is valid after it is made (1 second to 10 minutes).</summary>
    /// <value>Defaults to 60 seconds.</value>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The least time between two fetches triggered by a cell without a key (rate limit).</summary>
    /// <value>Defaults to 1 second.</value>
    public TimeSpan MinRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);
}
