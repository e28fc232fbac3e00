using Cellular.Core.Api;

namespace Cellular.ControlPlane.Migrations;

/// <summary>
/// One run of the workflow over one migration, in memory: the latest stored migration and what is
/// measured with the process clock (lost with the process; everything else is in the store).
/// </summary>
internal sealed class MigrationRun(Migration migration, CancellationToken stopping, CancellationToken token, long startedAt)
{
    public Migration Migration { get; set; } = migration;

    /// <summary>The control plane is stopping.</summary>
    public CancellationToken Stopping { get; } = stopping;

    /// <summary>Stops this run: shutdown, an abort request or a hold for a reverse.</summary>
    public CancellationToken Token { get; } = token;

    /// <summary>Process timestamp at which the current step was entered (or this run started).</summary>
    public long PhaseStartedAt { get; set; } = startedAt;

    /// <summary>Process timestamp of the source fence request, when this run made it.</summary>
    public long? FenceRequestedAt { get; set; }

    /// <summary>The table version of the switch, when this run journaled it.</summary>
    public long? JournalVersion { get; set; }

    /// <summary>Milliseconds from the fence request to the journal commit, when this run did both.</summary>
    public long? FenceToJournalMs { get; set; }

    /// <summary>The cutover as measured so far; kept with a rollback so the operator sees what failed.</summary>
    public MigrationCutover? Cutover { get; set; }

    /// <summary>True once this run activated the target and told the source.</summary>
    public bool HandedOver { get; set; }
}
