namespace Cellular.Core.Model;

/// <summary>Lifecycle state of a cell; it decides whether the router forwards to it.</summary>
public enum CellState
{
    /// <summary>Being created; not yet serving and not eligible for placement.</summary>
    Provisioning,

    /// <summary>Serving and accepting new tenants.</summary>
    Active,

    /// <summary>Serving its tenants but accepting no new ones.</summary>
    Draining,

    /// <summary>Failing health checks; its tenants get 503 until it recovers.</summary>
    Unhealthy,

    /// <summary>Taken out of rotation by an operator until reactivated.</summary>
    Quarantined,

    /// <summary>Gone for good; holds no tenants.</summary>
    Retired,
}
