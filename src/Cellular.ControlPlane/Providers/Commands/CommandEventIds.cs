namespace Cellular.ControlPlane.Providers.Commands;

/// <summary>
/// Log event ids of the <c>command</c> provider, 200–219 (kept beside the provider; the
/// control plane's other ids are in <c>Logging/EventIds</c> and stay below 200).
/// </summary>
internal static class CommandEventIds
{
    public const int TargetRan = 200;
    public const int CellCreated = 201;
    public const int CellRecreating = 202;
    public const int ReleaseStaged = 203;
    public const int WorkloadDestroyed = 204;
    public const int CellDestroyed = 205;
    public const int CleanupFailed = 206;
    public const int Verified = 207;
}
