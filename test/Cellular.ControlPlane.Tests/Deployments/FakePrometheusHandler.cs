using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Cellular.ControlPlane.Tests.Deployments;

/// <summary>
/// Stands in for Prometheus's HTTP API: answers <c>GET /api/v1/query</c> with what
/// <see cref="Answer"/> says for the query, and records every query asked.
/// </summary>
internal sealed class FakePrometheusHandler : HttpMessageHandler
{
    public const string Url = "http://prometheus.test:9090";

    public ConcurrentQueue<string> Queries { get; } = new();

    public ConcurrentQueue<string?> Authorizations { get; } = new();

    /// <summary>The answer to one query: a status code and a body; default an empty vector.</summary>
    public Func<string, (HttpStatusCode Status, string Body)> Answer { get; set; } = _ => (HttpStatusCode.OK, Vector());

    /// <summary>A successful vector answer with one sample per (labels, value).</summary>
    public static string Vector(params (string Cell, string Value)[] samples) =>
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + string.Join(",", samples.Select(s => $"{{\"metric\":{{\"cell\":\"{s.Cell}\"}},\"value\":[1700000000.5,\"{s.Value}\"]}}"))
        + "]}}";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Assert.Equal("/api/v1/query", request.RequestUri!.AbsolutePath);
        var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query)["query"]!;
        Queries.Enqueue(query);
        Authorizations.Enqueue(request.Headers.Authorization?.ToString());
        var (status, body) = Answer(query);
        return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}
