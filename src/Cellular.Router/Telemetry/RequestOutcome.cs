namespace Cellular.Router.Telemetry;

/// <summary>How the router finished one request; the <c>outcome</c> tag of <c>cellular.router.requests</c>.</summary>
internal enum RequestOutcome
{
    /// <summary>The cell answered below 500, or the client left (not the cell's fault).</summary>
    Success,

    /// <summary>The cell answered 5xx.</summary>
    UpstreamError,

    /// <summary>Refused with 503: the cell was at its concurrency limit.</summary>
    Shed,

    /// <summary>Refused with 429: the tenant was over its rate.</summary>
    RateLimited,

    /// <summary>The cell did not answer, or the table says it is not serving.</summary>
    CellDown,

    /// <summary>Refused with 503: the cell's circuit was open.</summary>
    CircuitOpen,

    /// <summary>Reached no cell: bad or missing key, unknown tenant, no routing table.</summary>
    NoRoute,

    /// <summary>Refused with 503: the cell no longer serves the tenant (421) and the request could not be retried on its new owner.</summary>
    Moving,
}
