namespace Cellular.Simulation;

/// <summary>Which protocol the cells and the workflow follow.</summary>
internal enum ProtocolVariant
{
    /// <summary>
    /// As built: the control plane's workflow and Cellular.Cell's contract, with the leases of
    /// issue 13 fencing the store writes only. Cell-contract calls carry no token, and unfence,
    /// import, apply and forced purge no epoch either.
    /// </summary>
    AsBuilt,

    /// <summary>
    /// The fix the simulation suggests: every cell-contract call that changes a tenant carries the
    /// move's epoch and the driver's lease token; the cell keeps the highest token it has seen for the
    /// epoch it is at and refuses lower ones, and unfence, import, apply and a forced purge only act on
    /// a tenant fenced at the call's epoch; an import older than the sequence the copy reached is
    /// refused. A run that resumes a move first re-fences the target with its own token, so nothing a
    /// stale driver sends afterwards is taken.
    /// </summary>
    FencedCells,
}
