namespace Cellular.Simulation;

/// <summary>
/// The crash drill's checkpoints (MigrationCheckpoints in the control plane): a workflow run awaits
/// <see cref="ReachAsync"/> at each, and a scheduled fault for that checkpoint's n-th occurrence in
/// the run pauses or kills the replica right there — the moments a stale lease holder does harm.
/// </summary>
internal sealed class CheckpointDrill(SimWorld world, IReadOnlyList<Fault> faults)
{
    public const string CopyingStarted = "copying.started";
    public const string TargetFenced = "copying.target-fenced";
    public const string Imported = "copying.imported";
    public const string CatchUpPage = "catching-up.page";
    public const string VerifyingStarted = "verifying.started";
    public const string CutoverStarted = "cutover.started";
    public const string SourceFenced = "cutover.source-fenced";
    public const string Synced = "cutover.synced";
    public const string Journaled = "cutover.journaled";
    public const string Activated = "switched.activated";
    public const string MovedRecorded = "switched.moved";
    public const string SoakStarted = "soak.started";
    public const string SoakElapsed = "soak.elapsed";
    public const string RollbackStarted = "rollback.started";

    /// <summary>Every checkpoint, for the scenario generator.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        CopyingStarted, TargetFenced, Imported, CatchUpPage, VerifyingStarted, CutoverStarted, SourceFenced, Synced,
        Journaled, Activated, MovedRecorded, SoakStarted, SoakElapsed, RollbackStarted,
    ];

    private readonly Dictionary<string, int> _reached = new(StringComparer.Ordinal);

    /// <summary>Called by a run of <paramref name="replica"/> at <paramref name="checkpoint"/>; completes when the replica goes on (later if paused, never if killed).</summary>
    public SimOp<bool> ReachAsync(SimNode replica, string checkpoint)
    {
        var count = _reached[checkpoint] = _reached.GetValueOrDefault(checkpoint) + 1;
        var drilling = world.Scheduler.Now < world.Settings.FaultsUntilMs;
        foreach (var fault in faults.Where(f => drilling && f.Checkpoint == checkpoint && f.Occurrence == count))
        {
            world.Note(replica, $"checkpoint {checkpoint} #{count}: {fault.Kind} for {fault.ForMs} ms");
            if (fault.Kind == FaultKind.Crash)
            {
                replica.Crash();
                world.Scheduler.After(fault.ForMs, null, () => world.Restart(replica));
            }
            else
            {
                replica.PausedUntil = Math.Max(replica.PausedUntil, world.Scheduler.Now + fault.ForMs);
            }
        }

        return world.Delay.For(replica, 0);
    }
}
