namespace Cellular.Router.Forwarding;

/// <summary>How a <see cref="CutoverHold"/> wait for a tenant's move ended.</summary>
internal enum HoldResult
{
    /// <summary>The routing table now sends the tenant elsewhere (another cell or another epoch).</summary>
    Moved,

    /// <summary>The hold timeout passed without such a table.</summary>
    TimedOut,

    /// <summary>Not held: the router already holds its maximum of requests.</summary>
    Full,

    /// <summary>The client went away while held.</summary>
    ClientLeft,
}
