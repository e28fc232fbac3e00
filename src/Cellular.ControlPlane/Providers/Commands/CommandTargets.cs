namespace Cellular.ControlPlane.Providers.Commands;

/// <summary>The standard targets every component of a <c>command</c> cell may implement.</summary>
public static class CommandTargets
{
    /// <summary>Bootstrap the cell; prints the endpoint.</summary>
    public const string Create = "create";

    /// <summary>Deploy a release.</summary>
    public const string Deploy = "deploy";

    /// <summary>Smoke test.</summary>
    public const string Verify = "verify";

    /// <summary>Tear down the cell or one workload.</summary>
    public const string Destroy = "destroy";

    /// <summary>All of them, in the order a cell's life uses them.</summary>
    public static IReadOnlyList<string> All { get; } = [Create, Deploy, Verify, Destroy];
}
