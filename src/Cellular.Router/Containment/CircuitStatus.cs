namespace Cellular.Router.Containment;

/// <summary>Where a cell's circuit stands.</summary>
internal enum CircuitStatus
{
    /// <summary>Requests flow; failures are counted.</summary>
    Closed,

    /// <summary>Requests are refused at once until the break is over.</summary>
    Open,

    /// <summary>The break is over and one probe request is in flight; the others are still refused.</summary>
    HalfOpen,
}
