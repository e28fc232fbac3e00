using Cellular.ControlPlane.Errors;

namespace Cellular.ControlPlane.Http;

/// <summary>Who is asking, for the audit log: header <c>X-Cellular-Actor</c>, or <c>anonymous</c>.</summary>
internal static class Actor
{
    public const string HeaderName = "X-Cellular-Actor";

    public const string Anonymous = "anonymous";

    /// <summary>The actor of changes the control plane makes on its own (start-up adoption, recovery).</summary>
    public const string ControlPlane = "control-plane";

    /// <summary>The actor of the health monitor's state changes.</summary>
    public const string HealthMonitor = "health-monitor";

    /// <summary>The actor of what the experiment runner decides on its own (completion, stop conditions, reports).</summary>
    public const string ExperimentRunner = "experiment-runner";

    private const int MaxLength = 128;

    public static string From(HttpRequest request)
    {
        var values = request.Headers[HeaderName];
        if (values.Count == 0)
        {
            return Anonymous;
        }

        var actor = values[0]?.Trim() ?? string.Empty;
        if (actor.Length == 0)
        {
            return Anonymous;
        }

        if (actor.Length > MaxLength || actor.Any(char.IsControl))
        {
            throw ControlPlaneException.BadRequest($"The {HeaderName} header must be at most {MaxLength} printable characters.");
        }

        return actor;
    }
}
