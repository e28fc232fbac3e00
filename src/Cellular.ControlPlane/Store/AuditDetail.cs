using System.Text.Json;
using System.Text.Json.Nodes;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.ControlPlane.Store;

/// <summary>Builds the JSON <c>detail</c> of audit rows and names their targets.</summary>
internal static class AuditDetail
{
    public static string CellTarget(string id) => $"cell/{id}";

    public static string TenantTarget(string id) => $"tenant/{id}";

    public static string ExperimentTarget(string id) => $"experiment/{id}";

    public static string DeploymentTarget(string id) => $"deployment/{id}";

    /// <summary>The target of deployment-freeze changes.</summary>
    public const string DeploymentFreezeTarget = "deployments/freeze";

    /// <summary>The target of kill-switch changes.</summary>
    public const string KillSwitchTarget = "experiments/kill-switch";

    public static string Of(CellView view) => JsonSerializer.Serialize(view, CellularJsonContext.Default.CellView);

    public static string Of(ApiKeyView view) => JsonSerializer.Serialize(view, CellularJsonContext.Default.ApiKeyView);

    public static string Of(TenantView view) => JsonSerializer.Serialize(view, CellularJsonContext.Default.TenantView);

    public static string Of(params ReadOnlySpan<(string Name, JsonNode? Value)> fields)
    {
        var detail = new JsonObject();
        foreach (var (name, value) in fields)
        {
            detail[name] = value;
        }

        return detail.ToJsonString();
    }
}
