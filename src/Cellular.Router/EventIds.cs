namespace Cellular.Router;

/// <summary>Event ids of the router's log messages, in one place so they stay unique.</summary>
internal static class EventIds
{
    public const int TableApplied = 1;
    public const int TableConfirmed = 2;
    public const int TableLoadedFromDisk = 3;
    public const int TableFileMissing = 4;
    public const int TableFileRefused = 5;
    public const int TableFileUnreadable = 6;
    public const int TableFileQuarantineFailed = 7;
    public const int TableFileWriteFailed = 8;
    public const int TableRefused = 9;
    public const int TableOlderIgnored = 10;
    public const int ControlPlaneUnreachable = 11;
    public const int ControlPlaneStillUnreachable = 12;
    public const int ControlPlaneReconnected = 13;
    public const int TableDeltaFallback = 14;
    public const int TableDeltaUnsupported = 15;
    public const int TableStoreChanged = 16;
    public const int ControlPlaneFailover = 17;
    public const int CellEndpointChanged = 20;
    public const int CellNotAnswering = 30;
    public const int CircuitOpened = 40;
    public const int CircuitHalfOpen = 41;
    public const int CircuitClosed = 42;
    public const int CircuitReopened = 43;
    public const int CellShedding = 44;
    public const int CutoverRetried = 50;
    public const int CutoverHoldTimedOut = 51;
    public const int CutoverHoldFull = 52;
    public const int CutoverBodyTooLarge = 53;
    public const int CutoverRefusedAgain = 54;
    public const int AssertionKeysLoaded = 60;
    public const int AssertionKeysLoadedFromDisk = 61;
    public const int AssertionKeysFetchFailed = 62;
    public const int AssertionKeysSkipped = 63;
    public const int AssertionKeysFileUnreadable = 64;
    public const int AssertionKeysFileUnwritable = 65;
    public const int AssertionRefusedByCell = 66;
    public const int TenantJwksLoaded = 70;
    public const int TenantJwksFailed = 71;
    public const int TenantJwksKeysIgnored = 72;
}
