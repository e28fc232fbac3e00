namespace Cellular.Simulation;

/// <summary>A deliberate defect, to show that the checker catches a broken protocol.</summary>
internal enum BreakMode
{
    /// <summary>The protocol as built.</summary>
    None,

    /// <summary>Store writes of a workflow do not check its lease and fencing token: a replica that lost its lease still writes.</summary>
    Fencing,

    /// <summary>A move does not raise the epoch: the target serves the tenant at the epoch the source served it at.</summary>
    Epoch,

    /// <summary>A forced purge does not check that the copy is still fenced at the move's epoch: the cell contract before seed 2343 was found.</summary>
    PurgeEpoch,
}
