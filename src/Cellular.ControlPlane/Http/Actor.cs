namespace Cellular.ControlPlane.Http;

/// <summary>
/// Who is asking, for the audit log: the authenticated principal's name (an API key's name or
/// a token's subject), or <c>anonymous</c>. Never a header: <c>X-Cellular-Actor</c> is ignored,
/// so nobody can write another name into the audit.
/// </summary>
internal static class Actor
{
    public const string Anonymous = "anonymous";

    /// <summary>The actor of changes the control plane makes on its own (start-up adoption, recovery).</summary>
    public const string ControlPlane = "control-plane";

    /// <summary>The actor of the health monitor's state changes.</summary>
    public const string HealthMonitor = "health-monitor";

    /// <summary>The actor of what the experiment runner decides on its own (completion, stop conditions, reports).</summary>
    public const string ExperimentRunner = "experiment-runner";

    /// <summary>The actor of what the deployment workflow does on its own (waves, switches, rollbacks).</summary>
    public const string DeploymentRunner = "deployment-runner";

    public static string From(HttpRequest request) =>
        request.HttpContext.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : Anonymous;
}
