using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Routing;

namespace Cellular.Cli.Api;

/// <summary>
/// Typed client for the control plane's <c>/api/v1</c>, shared by every <c>cellctl</c> command
/// and by <see cref="Local.LocalStack"/>. Error answers become <see cref="ControlPlaneException"/>,
/// no answer at all becomes <see cref="ControlPlaneUnreachableException"/>.
/// </summary>
public sealed partial class ControlPlaneClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <summary>Creates a client with its own <see cref="HttpClient"/>.</summary>
    /// <param name="apiUrl">Base URL of the control plane, e.g. <c>http://127.0.0.1:5081</c>.</param>
    /// <param name="credential">The key sent as <c>Authorization: Bearer …</c> on every request; null = none.</param>
    /// <param name="timeout">Per-request timeout; creating a process cell waits for it to start, so the default is generous.</param>
    public ControlPlaneClient(Uri apiUrl, ApiCredential? credential = null, TimeSpan? timeout = null)
        : this(CreateHttpClient(apiUrl, timeout ?? TimeSpan.FromMinutes(2)), credential, ownsHttp: true)
    {
    }

    /// <summary>Creates a client over <paramref name="http"/>, whose <see cref="HttpClient.BaseAddress"/> must be set.</summary>
    public ControlPlaneClient(HttpClient http, ApiCredential? credential = null)
        : this(http, credential, ownsHttp: false)
    {
    }

    private ControlPlaneClient(HttpClient http, ApiCredential? credential, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BaseAddress is null)
        {
            throw new ArgumentException("The HttpClient needs a BaseAddress.", nameof(http));
        }

        _http = http;
        _ownsHttp = ownsHttp;
        Credential = credential ?? ApiCredential.None;
        BaseAddress = http.BaseAddress;
    }

    /// <summary>The key this client sends; the control plane audits every change under its name.</summary>
    public ApiCredential Credential { get; }

    /// <summary>The control plane's base URL.</summary>
    public Uri BaseAddress { get; }

    /// <summary><c>GET /api/v1/health</c>.</summary>
    public Task<ControlPlaneHealth> GetHealthAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "api/v1/health", null, CellularJsonContext.Default.ControlPlaneHealth, cancellationToken);

    /// <summary><c>GET /api/v1/cells</c>: every cell, retired ones included.</summary>
    public async Task<IReadOnlyList<CellView>> ListCellsAsync(CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Get, "api/v1/cells", null, CellularJsonContext.Default.ListCellView, cancellationToken);

    /// <summary><c>GET /api/v1/cells/{id}</c>.</summary>
    public Task<CellView> GetCellAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"api/v1/cells/{Escape(id)}", null, CellularJsonContext.Default.CellView, cancellationToken);

    /// <summary><c>POST /api/v1/cells</c>; answers once the cell is Active.</summary>
    public Task<CellView> CreateCellAsync(CreateCellRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonContent.Create(request, CellularJsonContext.Default.CreateCellRequest);
        return SendAsync(HttpMethod.Post, "api/v1/cells", body, CellularJsonContext.Default.CellView, cancellationToken);
    }

    /// <summary><c>POST /api/v1/cells/{id}/drain</c>: keep serving, take no new tenants.</summary>
    public Task<CellView> DrainCellAsync(string id, CancellationToken cancellationToken = default) => CellActionAsync(id, "drain", cancellationToken);

    /// <summary><c>POST /api/v1/cells/{id}/activate</c>.</summary>
    public Task<CellView> ActivateCellAsync(string id, CancellationToken cancellationToken = default) => CellActionAsync(id, "activate", cancellationToken);

    /// <summary><c>POST /api/v1/cells/{id}/quarantine</c>: take the cell out of rotation.</summary>
    public Task<CellView> QuarantineCellAsync(string id, CancellationToken cancellationToken = default) => CellActionAsync(id, "quarantine", cancellationToken);

    /// <summary><c>POST /api/v1/cells/{id}/retire</c>; refused while the cell holds tenants.</summary>
    public Task<CellView> RetireCellAsync(string id, CancellationToken cancellationToken = default) => CellActionAsync(id, "retire", cancellationToken);

    /// <summary><c>GET /api/v1/tenants?limit=&amp;after=</c>: one page, ordered by id.</summary>
    public Task<Page<TenantView>> ListTenantsAsync(int? limit = null, string? after = null, CancellationToken cancellationToken = default)
    {
        var query = new List<string>(2);
        if (limit is { } l)
        {
            query.Add($"limit={l}");
        }

        if (!string.IsNullOrEmpty(after))
        {
            query.Add($"after={Uri.EscapeDataString(after)}");
        }

        var path = query.Count == 0 ? "api/v1/tenants" : "api/v1/tenants?" + string.Join('&', query);
        return SendAsync(HttpMethod.Get, path, null, CellularJsonContext.Default.PageTenantView, cancellationToken);
    }

    /// <summary>Every tenant, following <see cref="Page{T}.Next"/> until the last page.</summary>
    public async IAsyncEnumerable<TenantView> ListAllTenantsAsync(
        int pageSize = 500,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? after = null;
        do
        {
            var page = await ListTenantsAsync(pageSize, after, cancellationToken);
            foreach (var tenant in page.Items)
            {
                yield return tenant;
            }

            after = page.Items.Count == 0 ? null : page.Next;
        }
        while (after is not null);
    }

    /// <summary><c>POST /api/v1/tenants</c>.</summary>
    public Task<TenantView> CreateTenantAsync(CreateTenantRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonContent.Create(request, CellularJsonContext.Default.CreateTenantRequest);
        return SendAsync(HttpMethod.Post, "api/v1/tenants", body, CellularJsonContext.Default.TenantView, cancellationToken);
    }

    /// <summary><c>GET /api/v1/tenants/{id}</c>.</summary>
    public Task<TenantView> GetTenantAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"api/v1/tenants/{Escape(id)}", null, CellularJsonContext.Default.TenantView, cancellationToken);

    /// <summary><c>POST /api/v1/tenants/{id}/pin</c>: fix the tenant to its current cell.</summary>
    public Task<TenantView> PinTenantAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/v1/tenants/{Escape(id)}/pin", null, CellularJsonContext.Default.TenantView, cancellationToken);

    /// <summary><c>POST /api/v1/tenants/{id}/unpin</c>.</summary>
    public Task<TenantView> UnpinTenantAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/v1/tenants/{Escape(id)}/unpin", null, CellularJsonContext.Default.TenantView, cancellationToken);

    /// <summary><c>GET /api/v1/routing-table</c>: the current snapshot.</summary>
    public Task<RoutingTableSnapshot> GetRoutingTableAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "api/v1/routing-table", null, CellularJsonContext.Default.RoutingTableSnapshot, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static HttpClient CreateHttpClient(Uri apiUrl, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(apiUrl);
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) };
        return new HttpClient(handler) { BaseAddress = UrlText.AsBase(apiUrl), Timeout = timeout };
    }

    private static string Escape(string id) => Uri.EscapeDataString(id);

    private Task<CellView> CellActionAsync(string id, string action, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/v1/cells/{Escape(id)}/{action}", null, CellularJsonContext.Default.CellView, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (Credential.GetToken() is { } token)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ControlPlaneUnreachableException(BaseAddress, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ControlPlaneUnreachableException(BaseAddress, new TimeoutException($"No answer within {_http.Timeout.TotalSeconds:0} s.", ex));
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await ProblemReader.ReadAsync(response, cancellationToken);
            }

            try
            {
                var value = await response.Content.ReadFromJsonAsync(type, cancellationToken);
                return value ?? throw new ControlPlaneException(response.StatusCode, "Empty answer", $"{method} {path} answered without a body.");
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException)
            {
                throw new ControlPlaneException(response.StatusCode, "Unexpected answer", $"{method} {path} answered with JSON cellctl cannot read: {ex.Message}");
            }
        }
    }
}
