using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Cellular.Core.Security;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Deployments;

/// <summary>
/// Runs PromQL instant queries against <c>Cellular:ControlPlane:Prometheus:Url</c>
/// (<c>GET /api/v1/query</c>). Never throws for Prometheus's sake: an unreachable, slow or
/// refusing Prometheus is a result with an <see cref="PrometheusQueryResult.Error"/>, which the
/// gate judges inconclusive.
/// </summary>
internal sealed class PrometheusClient(IHttpClientFactory httpClients, IOptions<PrometheusOptions> options)
{
    /// <summary>The named HTTP client; its timeout is <see cref="PrometheusOptions.Timeout"/>.</summary>
    public const string HttpClientName = "cellular-prometheus";

    private const int MaxErrorLength = 300;

    private readonly TokenSource _token = new(null, options.Value.BearerTokenFile);

    public async Task<PrometheusQueryResult> QueryAsync(string query, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (options.Value.Url is not { } baseUrl)
        {
            return PrometheusQueryResult.Failed($"No Prometheus is configured ({PrometheusOptions.SectionName}:Url).");
        }

        var url = string.Create(
            CultureInfo.InvariantCulture,
            $"{baseUrl.TrimEnd('/')}/api/v1/query?query={Uri.EscapeDataString(query)}&time={at.ToUnixTimeMilliseconds() / 1000.0:0.###}");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (_token.GetToken() is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        try
        {
            var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return PrometheusQueryResult.Failed($"Prometheus answered {(int)response.StatusCode}: {Cut(ErrorOf(body) ?? body)}");
            }

            return Parse(body);
        }
        catch (HttpRequestException e)
        {
            return PrometheusQueryResult.Failed($"Prometheus at {baseUrl} cannot be reached: {Cut(e.Message)}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return PrometheusQueryResult.Failed($"Prometheus at {baseUrl} did not answer within {options.Value.Timeout.TotalSeconds:0.###} s.");
        }
    }

    /// <summary>Reads a <c>/api/v1/query</c> answer: a vector or a scalar.</summary>
    internal static PrometheusQueryResult Parse(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.GetProperty("status").GetString() != "success")
            {
                return PrometheusQueryResult.Failed($"Prometheus refused the query: {Cut(ErrorOf(body) ?? body)}");
            }

            var data = root.GetProperty("data");
            var type = data.GetProperty("resultType").GetString();
            var result = data.GetProperty("result");
            switch (type)
            {
                case "scalar":
                    return new PrometheusQueryResult([new PrometheusSample("", Value(result))], null);
                case "vector":
                    var samples = new List<PrometheusSample>();
                    foreach (var sample in result.EnumerateArray())
                    {
                        var labels = string.Join(", ", sample.GetProperty("metric").EnumerateObject().Select(p => $"{p.Name}=\"{p.Value.GetString()}\""));
                        samples.Add(new PrometheusSample("{" + labels + "}", Value(sample.GetProperty("value"))));
                    }

                    return new PrometheusQueryResult(samples, null);
                default:
                    return PrometheusQueryResult.Failed($"The query returned a {type}; an analysis needs an instant vector or a scalar.");
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return PrometheusQueryResult.Failed($"Prometheus's answer could not be read: {Cut(e.Message)}");
        }
    }

    private static double Value(JsonElement pair) =>
        pair[1].GetString() switch
        {
            "NaN" => double.NaN,
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            var text => double.Parse(text!, NumberStyles.Float, CultureInfo.InvariantCulture),
        };

    private static string? ErrorOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Cut(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength] + "…";
}
