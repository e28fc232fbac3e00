namespace Cellular.Simulation;

/// <summary>Why a remote node refused a call.</summary>
internal enum RefusalCode
{
    /// <summary>The state does not allow it (a cell's 409, a store rule).</summary>
    Conflict,

    /// <summary>The store write's lease fence failed: the writer no longer holds the workflow's lease.</summary>
    LeaseLost,
}
