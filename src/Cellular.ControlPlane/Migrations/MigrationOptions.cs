namespace Cellular.ControlPlane.Migrations;

/// <summary>
/// Settings of live tenant migration (section <c>Cellular:ControlPlane:Migrations</c>): how long a
/// tenant's writes may pause, how long the source's copy is kept, and how many moves run at once.
/// </summary>
public sealed class MigrationOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cellular:ControlPlane:Migrations";

    /// <summary>
    /// The hard limit of the cutover, from the source fence request to the switch: drain, final
    /// sync and hash comparison must fit, or the move is rolled back. It bounds the write pause.
    /// </summary>
    /// <value>Default 2 seconds.</value>
    public TimeSpan CutoverBudget { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the source keeps its copy after the switch (the window to reverse cheaply) before it is purged.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan Soak { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Migrations moving data off one cell at the same time; the rest wait, Planned.</summary>
    /// <value>Default 1.</value>
    public int MaxPerSourceCell { get; set; } = 1;

    /// <summary>Migrations moving data into one cell at the same time.</summary>
    /// <value>Default 1.</value>
    public int MaxPerTargetCell { get; set; } = 1;

    /// <summary>Change pages replayed at most while catching up before the cutover is considered.</summary>
    /// <value>Default 50.</value>
    public int CatchUpMaxRounds { get; set; } = 50;

    /// <summary>
    /// The most changes the target may still be behind when catching up ends; a tenant that writes
    /// faster than it is copied is not fenced but rolled back. Default: one page.
    /// </summary>
    /// <value>Default 1000.</value>
    public int CatchUpMaxLag { get; set; } = 1000;

    /// <summary>Changes per page read from the source's change feed (the cell allows 1–10000).</summary>
    /// <value>Default 1000.</value>
    public int ChangePageSize { get; set; } = 1000;

    /// <summary>Longest wait for one control call to a cell (fence, activate, changes, hash, …).</summary>
    /// <value>Default 10 seconds.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait for the snapshot to stream from the source's export into the target's import.</summary>
    /// <value>Default 10 minutes.</value>
    public TimeSpan TransferTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Wait before a migration that was interrupted (an error after the switch, a store error) is resumed from its recorded step.</summary>
    /// <value>Default 2 seconds.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Crash drill: the control-plane process dies on the spot (no graceful shutdown) the first time
    /// a migration reaches this checkpoint (e.g. <c>cutover.source-fenced</c>), once per data
    /// directory. It exists to prove, with real processes, that a move survives a crash at any step.
    /// </summary>
    /// <value>Default none.</value>
    public string? CrashAtCheckpoint { get; set; }
}
