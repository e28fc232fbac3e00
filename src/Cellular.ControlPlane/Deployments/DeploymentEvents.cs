namespace Cellular.ControlPlane.Deployments;

/// <summary>The events webhooks can receive (<c>X-Cellular-Event</c>, and <c>event</c> in the body).</summary>
internal static class DeploymentEvents
{
    /// <summary>The next wave waits for <c>approve</c>.</summary>
    public const string WaitingForApproval = "deployment.waiting-for-approval";

    /// <summary>A gate failed (or a cell did not take the release) and the cells were rolled back.</summary>
    public const string RolledBack = "deployment.rolled-back";

    /// <summary>It stopped with cells it could not roll back.</summary>
    public const string Failed = "deployment.failed";

    /// <summary>Every planned cell runs the release.</summary>
    public const string Succeeded = "deployment.succeeded";

    /// <summary>Paused by a person, or by an inconclusive gate that needs one.</summary>
    public const string Paused = "deployment.paused";

    /// <summary>Stopped on request.</summary>
    public const string Aborted = "deployment.aborted";

    /// <summary>Every event, in the order above.</summary>
    public static IReadOnlyList<string> All { get; } = [WaitingForApproval, RolledBack, Failed, Succeeded, Paused, Aborted];

    /// <summary>True for one of <see cref="All"/> (exact, case-sensitive).</summary>
    public static bool IsKnown(string? name) => name is not null && All.Contains(name, StringComparer.Ordinal);
}
