namespace Cellular.ControlPlane.Experiments;

/// <summary>
/// Something that keeps disruptive work off a cell while other disruptive work runs there: an
/// experiment must not start on a cell under another experiment or baking a deployment, and a
/// deployment should not start on a cell under an experiment. Each kind of work registers one.
/// </summary>
internal interface ICellActivityGuard
{
    /// <summary>The kind of work it guards (<c>experiment</c>, <c>deployment</c>, <c>migration</c>): work of one kind checks only the other kinds, which keep their own per-cell limits.</summary>
    string Kind { get; }

    /// <summary>Why <paramref name="cell"/> must not take on new disruptive work now, for the operator; null when it is free.</summary>
    Task<string?> FindConflictAsync(string cell, CancellationToken cancellationToken);
}
