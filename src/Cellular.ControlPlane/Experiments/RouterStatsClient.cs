using System.Globalization;
using System.Text.Json;
using Cellular.ControlPlane.Configuration;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Security;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Experiments;

/// <summary>
/// Reads <c>GET /_router/stats</c> from every configured router (<c>Cellular:ControlPlane:Routers</c>)
/// and sums them per cell. A read succeeds only when every router answers: a router that cannot be
/// read might be the one seeing the damage.
/// </summary>
internal sealed class RouterStatsClient(IHttpClientFactory httpClients, IOptions<ControlPlaneOptions> options)
{
    private readonly TokenSource _routerToken = new(options.Value.RouterToken, options.Value.RouterTokenFile);

    /// <summary>The named HTTP client; its timeout is <see cref="ExperimentOptions.RequestTimeout"/>.</summary>
    public const string HttpClientName = "cellular-router-stats";

    /// <exception cref="RouterStatsException">A router did not answer, answered an error or sent something unreadable.</exception>
    public async Task<StatsWindow> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var routers = options.Value.Routers;
        if (routers.Count == 0)
        {
            throw new RouterStatsException($"No router is configured; set {ControlPlaneOptions.SectionName}:Routers:0 to a router's base URL.");
        }

        var answers = await Task.WhenAll(routers.Select(r => ReadOneAsync(r, from, to, cancellationToken)));
        var coveredFrom = answers.Max(a => a.From);
        var coveredTo = answers.Min(a => a.To);
        return new StatsWindow(
            DateTimeOffset.FromUnixTimeMilliseconds(coveredFrom),
            DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(coveredFrom, coveredTo)),
            WindowStatsMerge.Merge(answers));
    }

    /// <summary>
    /// The routing-table version each configured router uses now, by router URL (empty when none is
    /// configured): how a deployment knows every router switched to a cell's new endpoint.
    /// </summary>
    /// <exception cref="RouterStatsException">A router did not answer.</exception>
    public async Task<IReadOnlyDictionary<string, long>> ReadTableVersionsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var routers = options.Value.Routers;
        var answers = await Task.WhenAll(routers.Select(r => ReadOneAsync(r, now, now, cancellationToken)));
        return routers.Zip(answers).ToDictionary(p => p.First, p => p.Second.TableVersion, StringComparer.Ordinal);
    }

    private async Task<RouterStats> ReadOneAsync(string router, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var url = string.Create(
            CultureInfo.InvariantCulture,
            $"{router.TrimEnd('/')}/_router/stats?from={from.ToUnixTimeMilliseconds()}&to={Math.Max(to.ToUnixTimeMilliseconds(), from.ToUnixTimeMilliseconds())}");
        var client = httpClients.CreateClient(HttpClientName);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (_routerToken.GetToken() is { } token)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await client.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new RouterStatsException($"Router {router} answered GET /_router/stats with {(int)response.StatusCode} {response.StatusCode}.");
            }

            return await response.Content.ReadFromJsonAsync(CellularJsonContext.Default.RouterStats, cancellationToken)
                ?? throw new RouterStatsException($"Router {router} answered GET /_router/stats without statistics.");
        }
        catch (HttpRequestException e)
        {
            throw new RouterStatsException($"Router {router} did not answer GET /_router/stats: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new RouterStatsException($"Router {router} sent statistics that cannot be read: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RouterStatsException($"Router {router} did not answer GET /_router/stats within {client.Timeout.TotalSeconds:0.#} s.", e);
        }
    }
}
