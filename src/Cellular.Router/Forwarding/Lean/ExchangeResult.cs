namespace Cellular.Router.Forwarding.Lean;

/// <summary>How one exchange on an upstream connection left the connection.</summary>
internal enum ExchangeResult
{
    /// <summary>Request and response went whole and the cell keeps the connection open: back to the pool.</summary>
    Reusable,

    /// <summary>The connection is done (closed by the cell, failed, or in an unknown state): closed.</summary>
    Closed,

    /// <summary>A pooled connection the cell had closed before any byte of an answer: a request without a body is sent again on a new one.</summary>
    Stale,
}
