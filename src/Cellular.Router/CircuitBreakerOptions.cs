namespace Cellular.Router;

/// <summary>
/// Passive health per cell, bound from <c>Cellular:Router:CircuitBreaker</c>. The circuit of a
/// cell opens after <see cref="ConsecutiveFailures"/> connect failures or timeouts in a row, or
/// when at least <see cref="FailureRatio"/> of at least <see cref="MinimumThroughput"/> requests
/// in the last <see cref="SamplingDuration"/> failed (5xx or no answer). While open, the cell's
/// tenants get 503 at once; after <see cref="BreakDuration"/> one request probes the cell and its
/// answer closes or re-opens the circuit. Other cells are never affected. A circuit opens only
/// when the failures in the window come from at least <see cref="MinimumFailingTenants"/> distinct
/// tenants (or from every tenant that sent requests, when fewer did): one tenant whose requests
/// fail cannot open the circuit for its cell-mates. 4xx answers are never failures.
/// </summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Whether circuits open at all.</summary>
    /// <value>Defaults to true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Connect failures or timeouts in a row that open the circuit.</summary>
    /// <value>Defaults to 3.</value>
    public int ConsecutiveFailures { get; set; } = 3;

    /// <summary>Share of failed requests in the sampling window that opens the circuit (more than 0, at most 1).</summary>
    /// <value>Defaults to 0.5.</value>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Requests the sampling window must hold before <see cref="FailureRatio"/> counts.</summary>
    /// <value>Defaults to 20.</value>
    public int MinimumThroughput { get; set; } = 20;

    /// <summary>Length of the sliding window the failure ratio is computed over (100 ms to 10 minutes).</summary>
    /// <value>Defaults to 10 seconds.</value>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Distinct tenants whose requests must have failed in the sampling window before the circuit
    /// opens (1 or 2). 1 opens on anyone's failures.
    /// </summary>
    /// <value>Defaults to 2.</value>
    public int MinimumFailingTenants { get; set; } = 2;

    /// <summary>How long an open circuit refuses requests before one probe is let through.</summary>
    /// <value>Defaults to 5 seconds.</value>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
