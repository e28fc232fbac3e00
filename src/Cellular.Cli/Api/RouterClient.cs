using System.Net.Http.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.Cli.Api;

/// <summary>Reads a router's <c>/_router/health</c>: which table version it serves and whether it is current.</summary>
public sealed class RouterClient : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>Creates a client for the router at <paramref name="routerUrl"/>.</summary>
    public RouterClient(Uri routerUrl, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(routerUrl);
        BaseAddress = UrlText.AsBase(routerUrl);
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(3) })
        {
            BaseAddress = BaseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(5),
        };
    }

    /// <summary>The router's base URL.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// <c>GET /_router/health</c>. A degraded router may answer 503 with the same body, so any
    /// status with a readable body counts; throws <see cref="HttpRequestException"/> when there is none.
    /// </summary>
    public async Task<RouterHealth> GetHealthAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync("_router/health", cancellationToken);
        var health = await ReadAsync(response, cancellationToken);
        return health ?? throw new HttpRequestException($"The router answered {(int)response.StatusCode} without a health report.", null, response.StatusCode);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static async Task<RouterHealth?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(CellularJsonContext.Default.RouterHealth, cancellationToken);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or NotSupportedException)
        {
            return null;
        }
    }
}
