namespace Cellular.Router.Telemetry;

/// <summary>What became of a request a cell refused with 421; the <c>outcome</c> tag of <c>cellular.router.cutover.requests</c>.</summary>
internal enum CutoverOutcome
{
    /// <summary>Sent again to the tenant's new owner, which answered below 500 (and not 421).</summary>
    RetriedOk,

    /// <summary>Sent again, or about to be, but the new owner refused it, failed, did not answer, or the router refused it (not serving, circuit open, shed, unknown tenant).</summary>
    RetriedFailed,

    /// <summary>The routing table did not move the tenant within the hold timeout: 503.</summary>
    HoldTimeout,

    /// <summary>Too many requests were held already: 503 at once.</summary>
    HoldFull,

    /// <summary>The body was too large to be sent again: 503 at once.</summary>
    BodyTooLarge,

    /// <summary>The client went away while the request was held.</summary>
    ClientLeft,
}
