namespace Cellular.Router.Routing;

/// <summary>The wire names of <see cref="TableSource"/> used by <c>/_router/health</c>.</summary>
internal static class TableSourceExtensions
{
    /// <summary><c>none</c>, <c>disk</c> or <c>control-plane</c>.</summary>
    public static string ToWireName(this TableSource source) => source switch
    {
        TableSource.Disk => "disk",
        TableSource.ControlPlane => "control-plane",
        _ => "none",
    };
}
