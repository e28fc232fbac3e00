using System.Globalization;
using System.Net.Http.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.Cli.Api;

// Wave deployments, the deployment freeze, the version ledger and cell templates.
public sealed partial class ControlPlaneClient
{
    /// <summary><c>POST /api/v1/deployments</c>: records the plan and starts the deployment; it runs in the background.</summary>
    public Task<Deployment> CreateDeploymentAsync(CreateDeploymentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonContent.Create(request, CellularJsonContext.Default.CreateDeploymentRequest);
        return SendAsync(HttpMethod.Post, "api/v1/deployments", body, CellularJsonContext.Default.Deployment, cancellationToken);
    }

    /// <summary><c>GET /api/v1/deployments?limit=</c>: newest first.</summary>
    public async Task<IReadOnlyList<Deployment>> ListDeploymentsAsync(int? limit = null, CancellationToken cancellationToken = default)
    {
        var path = limit is { } l ? string.Create(CultureInfo.InvariantCulture, $"api/v1/deployments?limit={l}") : "api/v1/deployments";
        return await SendAsync(HttpMethod.Get, path, null, CellularJsonContext.Default.ListDeployment, cancellationToken);
    }

    /// <summary><c>GET /api/v1/deployments/{id}</c>, with its evidence and, once it ended, its report.</summary>
    public Task<Deployment> GetDeploymentAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"api/v1/deployments/{Escape(id)}", null, CellularJsonContext.Default.Deployment, cancellationToken);

    /// <summary>
    /// <c>POST /api/v1/deployments/{id}/{action}</c> for <c>pause</c>, <c>resume</c>, <c>abort</c> and
    /// <c>approve</c>; <paramref name="reason"/> goes to the audit and the deployment's reason.
    /// </summary>
    public Task<Deployment> DeploymentActionAsync(string id, string action, string? reason = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        var body = reason is null ? null : JsonContent.Create(new DeploymentActionRequest(reason), CellularJsonContext.Default.DeploymentActionRequest);
        return SendAsync(HttpMethod.Post, $"api/v1/deployments/{Escape(id)}/{action}", body, CellularJsonContext.Default.Deployment, cancellationToken);
    }

    /// <summary><c>GET /api/v1/deployments/freeze</c>.</summary>
    public Task<DeploymentFreeze> GetDeploymentFreezeAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "api/v1/deployments/freeze", null, CellularJsonContext.Default.DeploymentFreeze, cancellationToken);

    /// <summary><c>POST /api/v1/deployments/freeze</c>: no deployment starts a new wave until released.</summary>
    public Task<DeploymentFreeze> EngageDeploymentFreezeAsync(string? reason = null, CancellationToken cancellationToken = default)
    {
        var body = reason is null ? null : JsonContent.Create(new DeploymentFreezeRequest(reason), CellularJsonContext.Default.DeploymentFreezeRequest);
        return SendAsync(HttpMethod.Post, "api/v1/deployments/freeze", body, CellularJsonContext.Default.DeploymentFreeze, cancellationToken);
    }

    /// <summary><c>DELETE /api/v1/deployments/freeze</c>: deployments may start waves again.</summary>
    public Task<DeploymentFreeze> ReleaseDeploymentFreezeAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "api/v1/deployments/freeze", null, CellularJsonContext.Default.DeploymentFreeze, cancellationToken);

    /// <summary><c>GET /api/v1/deployments/ledger?windowSeconds=</c>: which cells run which version, with their router statistics.</summary>
    public Task<VersionLedger> GetVersionLedgerAsync(int? windowSeconds = null, CancellationToken cancellationToken = default)
    {
        var path = windowSeconds is { } w
            ? string.Create(CultureInfo.InvariantCulture, $"api/v1/deployments/ledger?windowSeconds={w}")
            : "api/v1/deployments/ledger";
        return SendAsync(HttpMethod.Get, path, null, CellularJsonContext.Default.VersionLedger, cancellationToken);
    }

    /// <summary><c>GET /api/v1/cell-templates</c>: the <c>command</c>-provider templates cells can be created from.</summary>
    public async Task<IReadOnlyList<CellTemplateView>> ListCellTemplatesAsync(CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Get, "api/v1/cell-templates", null, CellularJsonContext.Default.ListCellTemplateView, cancellationToken);
}
