using System.Text.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.ControlPlane.Providers;

/// <summary>Asks a cell who it is and whether it is healthy, through its <c>/_cell/</c> contract.</summary>
internal sealed class CellProbe(IHttpClientFactory httpClients)
{
    /// <summary>The named client used for probes; its timeout bounds one probe.</summary>
    public const string HttpClientName = "cellular-cell-probe";

    /// <summary>How long one probe may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>GET /_cell/health</c> through the named client <paramref name="clientName"/> (default: the
    /// probe client with its 5 s timeout); cancelling <paramref name="cancellationToken"/> throws.
    /// </summary>
    public async Task<ProbeResult> CheckHealthAsync(string endpoint, CancellationToken cancellationToken, string clientName = HttpClientName)
    {
        try
        {
            using var response = await httpClients.CreateClient(clientName).GetAsync(Url(endpoint, "/_cell/health"), cancellationToken);
            var detail = $"{(int)response.StatusCode} {response.StatusCode}";
            string? cell = null;
            try
            {
                cell = (await response.Content.ReadFromJsonAsync(CellularJsonContext.Default.CellHealth, cancellationToken))?.Cell;
            }
            catch (JsonException)
            {
                // A health answer without the CellHealth body still says whether the cell is up.
            }

            return new ProbeResult(response.IsSuccessStatusCode, cell, detail);
        }
        catch (HttpRequestException e)
        {
            return new ProbeResult(false, null, e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(false, null, $"no answer within {Timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>The cell's <c>/_cell/info</c>, or null when it does not answer one.</summary>
    public async Task<CellInfo?> GetInfoAsync(string endpoint, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Client().GetAsync(Url(endpoint, "/_cell/info"), cancellationToken);
            return response.IsSuccessStatusCode
                ? await response.Content.ReadFromJsonAsync(CellularJsonContext.Default.CellInfo, cancellationToken)
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>
    /// <c>/_cell/info</c> at <paramref name="endpoint"/>, asked with <paramref name="cellId"/>'s
    /// credential: a staged (or to-be-stopped) workload's endpoint is in no routing table, so the
    /// credential handler could not tell whose it is. Null when nothing there answers.
    /// </summary>
    public async Task<CellInfo?> GetInfoAsync(string cellId, string endpoint, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(endpoint, "/_cell/info"));
        request.Options.Set(Auth.CellCredentialHandler.CellOption, cellId);
        try
        {
            using var response = await Client().SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode
                ? await response.Content.ReadFromJsonAsync(CellularJsonContext.Default.CellInfo, cancellationToken)
                : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    private HttpClient Client() => httpClients.CreateClient(HttpClientName);

    private static Uri Url(string endpoint, string path) => new(endpoint.TrimEnd('/') + path, UriKind.Absolute);
}
