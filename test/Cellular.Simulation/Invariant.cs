namespace Cellular.Simulation;

/// <summary>What the simulation checks after every run.</summary>
internal enum Invariant
{
    /// <summary>(a) Every acknowledged write is in the tenant's owning cell exactly once; no write is there twice.</summary>
    AcknowledgedWrites,

    /// <summary>(b) For each tenant and epoch, at most one cell accepts the tenant's writes.</summary>
    OneWriterPerEpoch,

    /// <summary>(c) Every workflow has ended, or is owned by a live replica that holds its unexpired lease and runs it.</summary>
    WorkflowEndsOrOwned,

    /// <summary>The model itself failed (an exception the protocol does not expect): a bug of the simulation, reported like a violation.</summary>
    Model,
}
