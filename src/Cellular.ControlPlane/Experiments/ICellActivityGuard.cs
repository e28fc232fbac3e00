using Cellular.ControlPlane.Store;

namespace Cellular.ControlPlane.Experiments;

/// <summary>
/// Something that keeps disruptive work off a cell while other disruptive work runs there: an
/// experiment must not start on a cell under another experiment or baking a deployment, and a
/// deployment should not start on a cell under an experiment. Each kind of work registers one.
/// </summary>
/// <remarks>
/// A guard reads in the caller's transaction: the decision that admits new work is made inside
/// the write transaction that records it (serialised store-wide, on every replica), so two
/// replicas or two requests cannot both find a cell free and both take it.
/// </remarks>
internal interface ICellActivityGuard
{
    /// <summary>The kind of work it guards (<c>experiment</c>, <c>deployment</c>, <c>migration</c>): work of one kind checks only the other kinds, which keep their own per-cell limits.</summary>
    string Kind { get; }

    /// <summary>Why <paramref name="cell"/> must not take on new disruptive work now, for the operator; null when it is free. Reads in <paramref name="tx"/>.</summary>
    Task<string?> FindConflictAsync(StoreTransaction tx, string cell);
}
