using System.Net;
using System.Text.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.ControlPlane.Experiments;

/// <summary>Sets and clears faults through a cell's <c>/_cell/faults</c> contract.</summary>
internal sealed class CellFaultClient(IHttpClientFactory httpClients)
{
    /// <summary>The named HTTP client; its timeout is <see cref="Configuration.ExperimentOptions.RequestTimeout"/>.</summary>
    public const string HttpClientName = "cellular-cell-faults";

    /// <summary><c>POST /_cell/faults</c>.</summary>
    /// <exception cref="CellFaultCallException">The cell did not answer or refused the fault.</exception>
    public async Task<CellFault> SetAsync(string endpoint, CellFaultRequest fault, CancellationToken cancellationToken) =>
        await CallAsync(
            endpoint,
            async client =>
            {
                using var response = await client.PostAsJsonAsync(Url(endpoint, string.Empty), fault, CellularJsonContext.Default.CellFaultRequest, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    throw new CellFaultCallException($"{endpoint} answered POST /_cell/faults with {(int)response.StatusCode} {response.StatusCode}: {Shorten(body)}");
                }

                return await response.Content.ReadFromJsonAsync(CellularJsonContext.Default.CellFault, cancellationToken)
                    ?? throw new CellFaultCallException($"{endpoint} answered POST /_cell/faults without the fault.");
            },
            cancellationToken);

    /// <summary><c>DELETE /_cell/faults/{id}</c>, or every fault of the cell when <paramref name="faultId"/> is null. A fault that already expired counts as cleared.</summary>
    /// <exception cref="CellFaultCallException">The cell did not answer or refused.</exception>
    public Task ClearAsync(string endpoint, string? faultId, CancellationToken cancellationToken) =>
        CallAsync(
            endpoint,
            async client =>
            {
                var path = faultId is null ? string.Empty : "/" + Uri.EscapeDataString(faultId);
                using var response = await client.DeleteAsync(Url(endpoint, path), cancellationToken);
                if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
                {
                    throw new CellFaultCallException($"{endpoint} answered DELETE /_cell/faults{path} with {(int)response.StatusCode} {response.StatusCode}.");
                }

                return true;
            },
            cancellationToken);

    private async Task<T> CallAsync<T>(string endpoint, Func<HttpClient, Task<T>> call, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(HttpClientName);
        try
        {
            return await call(client);
        }
        catch (HttpRequestException e)
        {
            throw new CellFaultCallException($"{endpoint} did not answer: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new CellFaultCallException($"{endpoint} sent a fault that cannot be read: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CellFaultCallException($"{endpoint} did not answer within {client.Timeout.TotalSeconds:0.#} s.", e);
        }
    }

    private static Uri Url(string endpoint, string path) => new(endpoint.TrimEnd('/') + "/_cell/faults" + path, UriKind.Absolute);

    private static string Shorten(string value) => value.Length <= 300 ? value : string.Concat(value.AsSpan(0, 300), "…");
}
