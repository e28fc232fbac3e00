namespace Cellular.ControlPlane.Logging;

/// <summary>Every log event id of the control plane, in one place so they stay unique and stable.</summary>
internal static class EventIds
{
    public const int StoreReady = 1;
    public const int TablePublished = 2;
    public const int TableBuilt = 3;

    public const int CellCreated = 10;
    public const int CellStartFailed = 11;
    public const int CellStateChanged = 12;
    public const int CellResumeFailed = 13;
    public const int CellStopFailed = 14;
    public const int CellProviderUnknown = 15;

    public const int TenantCreated = 20;
    public const int TenantPinChanged = 21;

    public const int CellProcessStarted = 30;
    public const int CellProcessAdopted = 31;
    public const int CellProcessStopped = 32;
    public const int CellProcessExited = 33;
    public const int CellProcessUnowned = 34;
    public const int CellProcessesLeftRunning = 35;
    public const int StaticCellUnreachable = 36;

    public const int CellMarkedUnhealthy = 40;
    public const int CellRecovered = 41;
    public const int CellProbeFailed = 42;
    public const int HealthRoundFailed = 43;

    public const int ExperimentCreated = 50;
    public const int ExperimentStarted = 51;
    public const int ExperimentEnded = 52;
    public const int ExperimentStopConditionFired = 53;
    public const int ExperimentFaultCallFailed = 54;
    public const int ExperimentStatsUnavailable = 55;
    public const int ExperimentReportReady = 56;
    public const int ExperimentKillSwitchChanged = 57;
    public const int ExperimentTickFailed = 58;
    public const int ExperimentStartFailed = 59;
    public const int ExperimentCheckFailed = 60;
    public const int ExperimentOrphaned = 61;
}
