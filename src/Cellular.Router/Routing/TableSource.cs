namespace Cellular.Router.Routing;

/// <summary>Where the routing table in use came from.</summary>
internal enum TableSource
{
    /// <summary>No table yet: the empty table that rejects every key.</summary>
    None,

    /// <summary>The last-known-good file, loaded at start-up.</summary>
    Disk,

    /// <summary>Fetched from the control plane.</summary>
    ControlPlane,
}
