using Cellular.Core.Api;
using Cellular.Router.Forwarding;
using Cellular.Router.Routing;
using Microsoft.Extensions.Options;

namespace Cellular.Router.Containment;

/// <summary>
/// Builds <see cref="RouterLimits"/> for <c>GET /_router/limits</c>: limits are configuration, and
/// an operator (or an experiment) should be able to read what a router enforces, per cell, without
/// access to its settings file.
/// </summary>
internal sealed class LimitsReporter
{
    private readonly RouterOptions _options;
    private readonly RoutingTableHolder _holder;
    private readonly TenantRateLimiter _tenantLimiter;

    /// <summary>Creates the reporter.</summary>
    public LimitsReporter(IOptions<RouterOptions> options, RoutingTableHolder holder, TenantRateLimiter tenantLimiter)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _holder = holder;
        _tenantLimiter = tenantLimiter;
    }

    /// <summary>The limits now: global values, then every cell of the table in use and every configured override.</summary>
    public RouterLimits Report()
    {
        var cells = new List<RouterCellLimits>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in _holder.State.Targets)
        {
            var guard = target.Guard;
            listed.Add(guard.CellId);
            cells.Add(Describe(guard.CellId, guard.Limits, guard.InFlight, guard.Circuit.Status));
        }

        foreach (var id in _options.Cells.Keys.Order(StringComparer.Ordinal))
        {
            if (listed.Add(id))
            {
                cells.Add(Describe(id, CellLimits.For(_options, id), 0, CircuitStatus.Closed));
            }
        }

        var rate = _options.TenantRateLimit;
        var breaker = _options.CircuitBreaker;
        return new RouterLimits(
            Milliseconds(_options.UpstreamTimeout),
            Milliseconds(_options.ConnectTimeout),
            _options.CellConcurrencyLimit,
            Milliseconds(CellForwarder.ShedRetryAfter),
            new RouterTenantRateLimit(rate.Enabled, rate.PermitsPerSecondPerWeight, rate.BurstSeconds, _tenantLimiter.Capacity, _tenantLimiter.Evictions),
            new RouterCircuitBreakerLimits(
                breaker.Enabled,
                breaker.ConsecutiveFailures,
                breaker.FailureRatio,
                breaker.MinimumThroughput,
                Milliseconds(breaker.SamplingDuration),
                Milliseconds(breaker.BreakDuration)),
            cells);
    }

    private static RouterCellLimits Describe(string cell, CellLimits limits, int inFlight, CircuitStatus circuit) =>
        new(cell, Milliseconds(limits.UpstreamTimeout), limits.ConcurrencyLimit, limits.Overridden, inFlight, WireName(circuit));

    private static string WireName(CircuitStatus status) => status switch
    {
        CircuitStatus.Open => "open",
        CircuitStatus.HalfOpen => "half-open",
        _ => "closed",
    };

    private static long Milliseconds(TimeSpan value) => (long)Math.Ceiling(value.TotalMilliseconds);
}
