namespace Cellular.Cell.Internal;

/// <summary>Event ids of everything the SDK logs, in one place so they stay unique.</summary>
internal static class EventIds
{
    public const int CellStarting = 1;
    public const int TenantRefused = 2;

    public const int FaultSet = 10;
    public const int FaultCleared = 11;
    public const int FaultExpired = 12;
    public const int FaultsCleared = 13;
    public const int FaultInjected = 14;
    public const int CrashInjected = 15;

    public const int TenantFenced = 20;
    public const int TenantDrained = 21;
    public const int TenantDrainTimedOut = 22;
    public const int TenantUnfenced = 23;
    public const int TenantActivated = 24;
    public const int TenantMovedAway = 25;
    public const int TenantImported = 26;
    public const int TenantChangesApplied = 27;
    public const int TenantPurged = 28;
    public const int TenantMisdirected = 29;

    public const int AssertionRefused = 30;
    public const int ControlRefused = 31;
    public const int UnsignedCell = 32;
    public const int BadRequestAnswered = 33;
    public const int AssertionGenerationUnreadable = 34;
    public const int AssertionGenerationNotSaved = 35;

    public const int TlsReloaded = 40;
    public const int TlsReloadFailed = 41;
    public const int TlsClientRefused = 42;
    public const int TlsClientNotForClients = 43;
}
