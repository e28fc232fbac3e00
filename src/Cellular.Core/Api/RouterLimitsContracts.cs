namespace Cellular.Core.Api;

/// <summary>
/// <c>GET /_router/limits</c>: the failure-containment limits a router enforces, as configured
/// (global values and per-cell overrides), with each cell's effective values and current state.
/// </summary>
/// <param name="UpstreamTimeoutMs">Global longest silence from a cell before 503.</param>
/// <param name="ConnectTimeoutMs">TCP connect timeout to a cell.</param>
/// <param name="CellConcurrencyLimit">Global in-flight cap per cell; beyond it requests are shed with 503.</param>
/// <param name="ShedRetryAfterMs">The <c>Retry-After-Ms</c> of a shed request.</param>
/// <param name="TenantRateLimit">The per-tenant token bucket.</param>
/// <param name="CircuitBreaker">The per-cell circuit breaker.</param>
/// <param name="Cells">Every cell of the table in use and every cell with an override, by id.</param>
public sealed record RouterLimits(
    long UpstreamTimeoutMs,
    long ConnectTimeoutMs,
    int CellConcurrencyLimit,
    long ShedRetryAfterMs,
    RouterTenantRateLimit TenantRateLimit,
    RouterCircuitBreakerLimits CircuitBreaker,
    IReadOnlyList<RouterCellLimits> Cells);

/// <summary>The per-tenant rate limit: rate = <see cref="PermitsPerSecondPerWeight"/> × the tenant's weight; burst = <see cref="BurstSeconds"/> × rate.</summary>
/// <param name="Enabled">False when tenants are not rate limited.</param>
/// <param name="PermitsPerSecondPerWeight">Requests per second per weight unit.</param>
/// <param name="BurstSeconds">Seconds of rate a tenant may spend at once.</param>
/// <param name="TrackedTenants">Buckets the router keeps at once (its bucket table's size).</param>
/// <param name="Evictions">Buckets reset before they were full again because the table had no room; growing means <paramref name="TrackedTenants"/> is too small.</param>
public sealed record RouterTenantRateLimit(bool Enabled, double PermitsPerSecondPerWeight, double BurstSeconds, int TrackedTenants, long Evictions);

/// <summary>When a cell's circuit opens, and for how long.</summary>
/// <param name="Enabled">False when circuits never open.</param>
/// <param name="ConsecutiveFailures">Connect failures or timeouts in a row that open the circuit.</param>
/// <param name="FailureRatio">Share of failed requests (5xx or no answer) in the sampling window that opens the circuit.</param>
/// <param name="MinimumThroughput">Requests the sampling window needs before the ratio counts.</param>
/// <param name="SamplingDurationMs">Length of the sliding window.</param>
/// <param name="BreakDurationMs">How long an open circuit refuses requests before letting one probe through.</param>
public sealed record RouterCircuitBreakerLimits(bool Enabled, int ConsecutiveFailures, double FailureRatio, int MinimumThroughput, long SamplingDurationMs, long BreakDurationMs);

/// <summary>One cell's effective limits and current state.</summary>
/// <param name="Cell">The cell id.</param>
/// <param name="UpstreamTimeoutMs">Effective upstream timeout (the override, else the global value).</param>
/// <param name="ConcurrencyLimit">Effective in-flight cap.</param>
/// <param name="Overridden">True when <c>Cellular:Router:Cells:{cell}</c> sets something for this cell.</param>
/// <param name="InFlight">Requests in flight to the cell now.</param>
/// <param name="Circuit"><c>closed</c>, <c>open</c> or <c>half-open</c>.</param>
public sealed record RouterCellLimits(string Cell, long UpstreamTimeoutMs, int ConcurrencyLimit, bool Overridden, int InFlight, string Circuit);
