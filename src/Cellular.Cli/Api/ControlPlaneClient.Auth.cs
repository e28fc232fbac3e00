using System.Globalization;
using System.Net.Http.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.Cli.Api;

// Keys, the caller's identity, tenant tokens, cell secrets and the audit log.
public sealed partial class ControlPlaneClient
{
    /// <summary><c>GET /api/v1/auth/whoami</c>: the principal this client's key stands for.</summary>
    public Task<WhoAmI> WhoAmIAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "api/v1/auth/whoami", null, CellularJsonContext.Default.WhoAmI, cancellationToken);

    /// <summary><c>POST /api/v1/auth/keys</c> (Admin): the answer is the only time the key's token is shown.</summary>
    public Task<CreatedApiKey> CreateApiKeyAsync(CreateApiKeyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonContent.Create(request, CellularJsonContext.Default.CreateApiKeyRequest);
        return SendAsync(HttpMethod.Post, "api/v1/auth/keys", body, CellularJsonContext.Default.CreatedApiKey, cancellationToken);
    }

    /// <summary><c>GET /api/v1/auth/keys</c> (Admin): every key, revoked ones included, never a token.</summary>
    public async Task<IReadOnlyList<ApiKeyView>> ListApiKeysAsync(CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Get, "api/v1/auth/keys", null, CellularJsonContext.Default.ListApiKeyView, cancellationToken);

    /// <summary><c>DELETE /api/v1/auth/keys/{name}</c> (Admin): the key stops working at once; it stays listed as revoked.</summary>
    public Task<ApiKeyView> RevokeApiKeyAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"api/v1/auth/keys/{Escape(name)}", null, CellularJsonContext.Default.ApiKeyView, cancellationToken);

    /// <summary><c>POST /api/v1/auth/tenant-tokens</c> (Admin): a JWT from the control plane's local tenant issuer.</summary>
    public Task<TenantToken> IssueTenantTokenAsync(TenantTokenRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonContent.Create(request, CellularJsonContext.Default.TenantTokenRequest);
        return SendAsync(HttpMethod.Post, "api/v1/auth/tenant-tokens", body, CellularJsonContext.Default.TenantToken, cancellationToken);
    }

    /// <summary><c>GET /api/v1/cells/{id}/secret</c> (Admin, audited): what a static cell is configured with.</summary>
    public Task<CellSecretView> GetCellSecretAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"api/v1/cells/{Escape(id)}/secret", null, CellularJsonContext.Default.CellSecretView, cancellationToken);

    /// <summary><c>GET /api/v1/audit?limit=&amp;before=&amp;action=&amp;actor=</c>: one page, newest first; <see cref="Page{T}.Next"/> is the next page's <paramref name="before"/>.</summary>
    public Task<Page<AuditEntry>> ListAuditAsync(
        int? limit = null, string? before = null, string? action = null, string? actor = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string>(4);
        if (limit is { } l)
        {
            query.Add(string.Create(CultureInfo.InvariantCulture, $"limit={l}"));
        }

        AddQuery(query, "before", before);
        AddQuery(query, "action", action);
        AddQuery(query, "actor", actor);
        var path = query.Count == 0 ? "api/v1/audit" : "api/v1/audit?" + string.Join('&', query);
        return SendAsync(HttpMethod.Get, path, null, CellularJsonContext.Default.PageAuditEntry, cancellationToken);
    }

    private static void AddQuery(List<string> query, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }
}
