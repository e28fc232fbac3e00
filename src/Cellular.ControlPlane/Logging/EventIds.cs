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

    // Deployment webhooks (Deployments/DeploymentNotifier): 96–99, the end of the free range 62–99.
    public const int DeploymentWebhookDropped = 96;
    public const int DeploymentWebhookRetrying = 97;
    public const int DeploymentWebhookFailed = 98;
    public const int DeploymentWebhookDelivered = 99;

    // Live tenant migrations (Migrations/): 100–129.
    public const int MigrationCreated = 100;
    public const int MigrationStepEntered = 101;
    public const int MigrationCopied = 102;
    public const int MigrationCaughtUp = 103;
    public const int MigrationVerified = 104;
    public const int MigrationSwitched = 105;
    public const int MigrationHandedOver = 106;
    public const int MigrationCompleted = 107;
    public const int MigrationRollingBack = 108;
    public const int MigrationEnded = 109;
    public const int MigrationPurgeFailed = 110;
    public const int MigrationStepFailedAfterSwitch = 111;
    public const int MigrationStarted = 112;
    public const int MigrationInterrupted = 113;
    public const int MigrationScheduleFailed = 114;
    public const int MigrationAbortRequested = 115;
    public const int MigrationReversed = 116;
    public const int CellEvacuating = 117;
    public const int RebalancePlanned = 118;
    public const int MigrationCrashDrill = 119;

    // Authentication and trust, 130-149.
    public const int ApiKeyCreated = 130;
    public const int ApiKeyRevoked = 131;
    public const int ApiKeyBootstrapped = 132;
    public const int AccessDenied = 133;
    public const int MasterKeyCreated = 134;
    public const int AssertionKeysRotated = 135;
    public const int CellSecretRead = 136;
    public const int TenantTokenIssued = 137;
    public const int BootstrapTokenWritten = 138;
    public const int CellTlsLoaded = 139;
    public const int CellTlsLoadFailed = 140;
    public const int DeploymentCreated = 170;
    public const int DeploymentWaveStarted = 171;
    public const int DeploymentCellDeployed = 172;
    public const int DeploymentCellFailed = 173;
    public const int DeploymentGateFailed = 174;
    public const int DeploymentEnded = 175;
    public const int DeploymentRoutersLagging = 176;
    public const int DeploymentStepFailed = 177;
    public const int DeploymentCrashDrill = 178;
    public const int DeploymentWaiting = 179;
    public const int DeploymentControl = 180;

    // Replicas and leases: 200–209.
    public const int LeaseClaimed = 200;
    public const int LeaseReleased = 201;
    public const int LeaseReleaseFailed = 202;
    public const int LeaseLost = 203;
    public const int LeaseRenewFailed = 204;
    public const int LeasedRunSkipped = 205;
    public const int LeasedRunLost = 206;
    public const int LeasesFreedAtStart = 207;
    public const int LeaseInterruptRequested = 208;
    public const int LeaseInterrupted = 209;

    // Console sessions: 190–199.
    public const int ConsoleSignIn = 190;
    public const int ConsoleSignInRefused = 191;

    // The PostgreSQL store and the table-change watcher: 200–219.
    public const int StoreSchemaMigrated = 210;
    public const int StoreOpenRetried = 211;
    public const int TableListenerConnected = 212;
    public const int TableListenerLost = 213;
    public const int TableVersionSeen = 214;
    public const int TableVersionPollFailed = 215;
}
