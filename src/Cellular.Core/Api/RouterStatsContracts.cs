namespace Cellular.Core.Api;

/// <summary>
/// <c>GET /_router/stats?from={unixMs}&amp;to={unixMs}</c>: what one router saw per cell over a time
/// range, from its in-memory one-second buckets. The range is widened to whole seconds, so two
/// adjacent ranges never count a request twice; the current, partial second is included.
/// </summary>
/// <param name="From">Start of the range actually covered, Unix milliseconds, a whole second (inclusive).</param>
/// <param name="To">End of the range actually covered, Unix milliseconds, a whole second (exclusive). When the range reaches the present this is the end of the current second, which is counted as far as it has gone.</param>
/// <param name="TableVersion">Version of the routing table in use when the answer was built.</param>
/// <param name="Cells">One entry per cell of the table in use and per cell that had requests in the range; <c>none</c> holds requests that reached no cell.</param>
public sealed record RouterStats(long From, long To, long TableVersion, IReadOnlyList<RouterCellStats> Cells);

/// <summary>One cell's aggregates over the range of a <see cref="RouterStats"/>.</summary>
/// <param name="Cell">The cell id, or <c>none</c> for requests that reached no cell (bad key, unknown tenant, no table).</param>
/// <param name="Requests">Every request the router finished for this cell in the range.</param>
/// <param name="Successes">Requests the cell answered below 500 (or the client abandoned: not the cell's fault).</param>
/// <param name="Errors">The other requests, by cause.</param>
/// <param name="P50Ms">Median latency as the client saw it, in milliseconds, from a log-scale histogram (within 6.25%); 0 without requests.</param>
/// <param name="P99Ms">99th-percentile latency, same method.</param>
/// <param name="TenantsSeen">Distinct tenants with at least one request (exact up to 4,096 per cell-second).</param>
/// <param name="TenantsWithErrors">Tenants with at least one error, sorted, at most 1,000.</param>
/// <param name="TenantsWithErrorsCount">How many tenants had at least one error (exact up to 4,096 per cell-second); may exceed the list's length.</param>
public sealed record RouterCellStats(
    string Cell,
    long Requests,
    long Successes,
    RouterErrorCounts Errors,
    double P50Ms,
    double P99Ms,
    int TenantsSeen,
    IReadOnlyList<string> TenantsWithErrors,
    int TenantsWithErrorsCount);

/// <summary>Failed requests of a <see cref="RouterCellStats"/>, by cause.</summary>
/// <param name="Upstream">The cell answered 5xx.</param>
/// <param name="Shed">Refused with 503 because the cell was at its concurrency limit.</param>
/// <param name="RateLimited">Refused with 429 because the tenant was over its rate.</param>
/// <param name="CellDown">The cell did not answer (refused, timed out) or the table says it is not serving.</param>
/// <param name="CircuitOpen">Refused with 503 at once because the cell's circuit was open.</param>
/// <param name="NoRoute">Reached no cell: bad or missing key, unknown tenant, no routing table (cell <c>none</c> only).</param>
/// <param name="Moving">Refused with 503 because the cell no longer serves the tenant (421) and the request could not be retried on the new owner (no table change within the hold timeout, too many held, body too large, refused again).</param>
public sealed record RouterErrorCounts(long Upstream, long Shed, long RateLimited, long CellDown, long CircuitOpen, long NoRoute, long Moving = 0);
