using System.Text.Json.Serialization;

namespace Cellular.Core.Api;

/// <summary>
/// Body of <c>POST /api/v1/migrations</c>: move one tenant, live, to another cell. Unknown
/// properties are refused, so a misspelt <c>force</c> cannot be ignored silently.
/// </summary>
/// <param name="Tenant">Required: the tenant to move.</param>
/// <param name="To">The target cell; omitted = the least utilised Active cell with room, other than the tenant's cell.</param>
/// <param name="Force">Move the tenant even though it is pinned (it stays pinned, to its new cell).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateMigrationRequest(string? Tenant, string? To = null, bool? Force = null);

/// <summary>
/// Where a live tenant migration is. Every step is stored before its side effects start, so a
/// restarted control plane resumes from it. <see cref="Switched"/> is the point of no return: before
/// it a migration can only be rolled back (<see cref="Aborted"/>), after it only finished.
/// </summary>
public enum MigrationState
{
    /// <summary>Queued; waits for a free slot on its source and target cells.</summary>
    Planned,

    /// <summary>The target is fenced and receives the source's snapshot.</summary>
    Copying,

    /// <summary>The target replays the source's change feed while the source still serves.</summary>
    CatchingUp,

    /// <summary>The copy is compared with the source (hash at a quiet point, else watermarks).</summary>
    Verifying,

    /// <summary>The source is fenced, the last changes are copied and both hashes compared, within the cutover budget.</summary>
    Cutover,

    /// <summary>Journaled: the tenant belongs to the target at the new epoch; the target is activated and the source told.</summary>
    Switched,

    /// <summary>Done but the source's copy is kept until the soak time is over.</summary>
    Soak,

    /// <summary>The source's copy is purged (or a reverse took over); the move is finished.</summary>
    Complete,

    /// <summary>Rolled back before the switch: the source serves the tenant again (at the new epoch) and the target's copy is purged.</summary>
    Aborted,

    /// <summary>Could not run because what it was planned on no longer holds (tenant or cell changed); nothing is left behind.</summary>
    Failed,
}

/// <summary>A live tenant migration as the API shows it.</summary>
/// <param name="Id">Migration id, <c>mig-{n}</c>.</param>
/// <param name="Tenant">The tenant being moved.</param>
/// <param name="From">The source cell.</param>
/// <param name="To">The target cell.</param>
/// <param name="Weight">The tenant's weight when the migration was planned (reserved on the target until the switch).</param>
/// <param name="FromEpoch">The tenant's epoch when the migration was planned.</param>
/// <param name="Epoch">The epoch the move uses (<paramref name="FromEpoch"/> + 1); burnt when rolled back.</param>
/// <param name="State">Where the migration is.</param>
/// <param name="Force">True when a pinned tenant was moved on purpose.</param>
/// <param name="AbortRequested">True once an operator asked to abort; the rollback follows.</param>
/// <param name="ReverseOf">The migration this one reverses.</param>
/// <param name="ReversedBy">The migration that reverses this one.</param>
/// <param name="Reason">Why it ended the way it did (aborted, failed, reversed), for the operator.</param>
/// <param name="LastError">The last error a retried step met after the switch (cleared when it succeeds).</param>
/// <param name="CreatedBy">Who asked for it.</param>
/// <param name="CreatedAt">When it was planned.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="SoakUntil">When the source's copy may be purged (set on entering <see cref="MigrationState.Soak"/>).</param>
/// <param name="Report">What was measured so far.</param>
public sealed record Migration(
    string Id,
    string Tenant,
    string From,
    string To,
    int Weight,
    long FromEpoch,
    long Epoch,
    MigrationState State,
    bool Force,
    bool AbortRequested,
    string? ReverseOf,
    string? ReversedBy,
    string? Reason,
    string? LastError,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SoakUntil,
    MigrationReport Report);

/// <summary>The measurements of a migration, filled in step by step.</summary>
/// <param name="Phases">Each step entered, in order, with how long it ran.</param>
/// <param name="SnapshotWatermark">The target's change-sequence watermark right after the snapshot import.</param>
/// <param name="SyncedTo">The source's change sequence number up to which the target is known to hold every change.</param>
/// <param name="RowsCopied">Rows of the imported snapshot.</param>
/// <param name="ChangesCopied">Changes replayed from the source's feed (catch-up, verification and cutover).</param>
/// <param name="BytesCopied">Bytes read from the source (snapshot and change pages).</param>
/// <param name="CatchUpRounds">Change pages replayed while catching up.</param>
/// <param name="CatchUpLag">Changes the target was behind when catching up stopped.</param>
/// <param name="Verification">The pre-check before the cutover.</param>
/// <param name="Cutover">The cutover, with the write-unavailable window.</param>
public sealed record MigrationReport(
    IReadOnlyList<MigrationPhase> Phases,
    long? SnapshotWatermark,
    long SyncedTo,
    long RowsCopied,
    long ChangesCopied,
    long BytesCopied,
    int CatchUpRounds,
    long? CatchUpLag,
    MigrationVerification? Verification,
    MigrationCutover? Cutover)
{
    /// <summary>The report of a migration that has not started.</summary>
    public static MigrationReport Empty { get; } = new([], null, 0, 0, 0, 0, 0, null, null, null);
}

/// <summary>One step of a migration as it ran.</summary>
/// <param name="Phase">The step.</param>
/// <param name="StartedAt">When it was entered.</param>
/// <param name="EndedAt">When it was left; null while it runs.</param>
/// <param name="DurationMs">Time spent working in it (across control-plane restarts, without the time the control plane was down).</param>
public sealed record MigrationPhase(MigrationState Phase, DateTimeOffset StartedAt, DateTimeOffset? EndedAt = null, long? DurationMs = null);

/// <summary>The pre-check before the cutover.</summary>
/// <param name="Passed">False stops the migration before the source is fenced.</param>
/// <param name="Consistent">True when the source did not change while it was sampled, so the hashes were compared.</param>
/// <param name="SourceWatermark">The source's high-water mark at the sample.</param>
/// <param name="TargetWatermark">The target's watermark after replaying up to it.</param>
/// <param name="SourceRows">The source's rows at the sample.</param>
/// <param name="TargetRows">The target's rows.</param>
/// <param name="SourceHash">The source's hash at the sample.</param>
/// <param name="TargetHash">The target's hash.</param>
/// <param name="Detail">What was compared and what it showed.</param>
public sealed record MigrationVerification(
    bool Passed,
    bool Consistent,
    long SourceWatermark,
    long TargetWatermark,
    long SourceRows,
    long TargetRows,
    string? SourceHash,
    string? TargetHash,
    string Detail);

/// <summary>
/// The cutover. Writes of the tenant are refused from the source fence request until the target
/// is active and the routers are told: <see cref="FenceToActivateMs"/> and <see cref="FenceToPublishMs"/>.
/// </summary>
/// <param name="BudgetMs">The time the cutover had before it would be rolled back.</param>
/// <param name="Position">The source's high-water mark after its in-flight writes drained.</param>
/// <param name="DrainMs">How long the source's drain took.</param>
/// <param name="FinalSyncChanges">Changes copied while the source was fenced.</param>
/// <param name="FinalSyncBytes">Bytes of those changes.</param>
/// <param name="SourceHash">The source's hash after the fence.</param>
/// <param name="TargetHash">The target's hash after the final sync.</param>
/// <param name="Rows">Rows in the hash.</param>
/// <param name="FenceToJournalMs">From the fence request to the switch being committed.</param>
/// <param name="FenceToActivateMs">From the fence request until the target took the tenant (null until then).</param>
/// <param name="FenceToPublishMs">From the fence request until the new routing table was published (null until then).</param>
public sealed record MigrationCutover(
    long BudgetMs,
    long Position,
    long DrainMs,
    long FinalSyncChanges,
    long FinalSyncBytes,
    string? SourceHash,
    string? TargetHash,
    long Rows,
    long? FenceToJournalMs,
    long? FenceToActivateMs = null,
    long? FenceToPublishMs = null);
