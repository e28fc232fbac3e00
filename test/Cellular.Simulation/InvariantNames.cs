namespace Cellular.Simulation;

/// <summary>How the report names each invariant.</summary>
internal static class InvariantNames
{
    public static IReadOnlyList<Invariant> Checked { get; } = [Invariant.AcknowledgedWrites, Invariant.OneWriterPerEpoch, Invariant.WorkflowEndsOrOwned];

    public static string Of(Invariant invariant) => invariant switch
    {
        Invariant.AcknowledgedWrites => "(a) no acknowledged write lost or duplicated",
        Invariant.OneWriterPerEpoch => "(b) at most one cell accepts a tenant's writes per epoch",
        Invariant.WorkflowEndsOrOwned => "(c) every workflow ends or is owned by a live lease holder",
        _ => "model error",
    };
}
