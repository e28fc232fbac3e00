namespace Cellular.ControlPlane.Migrations;

/// <summary>The points between a migration's side effects where <see cref="IMigrationCheckpoint"/>s are told.</summary>
internal static class MigrationCheckpoints
{
    /// <summary>Copying is recorded; the target is about to be fenced.</summary>
    public const string CopyingStarted = "copying.started";

    /// <summary>The target is fenced at the new epoch; the snapshot is about to stream.</summary>
    public const string TargetFenced = "copying.target-fenced";

    /// <summary>The snapshot is imported; CatchingUp is about to be recorded.</summary>
    public const string Imported = "copying.imported";

    /// <summary>One change page was replayed on the target.</summary>
    public const string CatchUpPage = "catching-up.page";

    /// <summary>Verifying is recorded; nothing compared yet.</summary>
    public const string VerifyingStarted = "verifying.started";

    /// <summary>Cutover is recorded; the source is about to be fenced.</summary>
    public const string CutoverStarted = "cutover.started";

    /// <summary>The source is fenced and drained; the final sync is about to start.</summary>
    public const string SourceFenced = "cutover.source-fenced";

    /// <summary>The final sync is done; the hashes are about to be compared.</summary>
    public const string Synced = "cutover.synced";

    /// <summary>The switch is journaled (point of no return); the target is about to be activated.</summary>
    public const string Journaled = "cutover.journaled";

    /// <summary>The target serves the tenant; the table is about to be published.</summary>
    public const string Activated = "switched.activated";

    /// <summary>The source recorded the move; Soak is about to be recorded.</summary>
    public const string MovedRecorded = "switched.moved";

    /// <summary>Soak is recorded; the wait starts.</summary>
    public const string SoakStarted = "soak.started";

    /// <summary>The soak is over; the source's copy is about to be purged.</summary>
    public const string SoakElapsed = "soak.elapsed";

    /// <summary>A rollback starts (nothing undone yet).</summary>
    public const string RollbackStarted = "rollback.started";
}
