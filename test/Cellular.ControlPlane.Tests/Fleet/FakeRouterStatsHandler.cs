using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Cellular.ControlPlane.Tests.Fleet;

/// <summary>
/// Answers the control plane's <c>GET /_router/stats</c> in memory: each cell gets a constant number
/// of requests per second, so any range's totals follow from its length. Records the ranges asked for.
/// </summary>
internal sealed class FakeRouterStatsHandler : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, (double PerSecond, double ErrorRate, double P99Ms)> _cells = new(StringComparer.Ordinal);

    /// <summary>Anything but 200 answers an error.</summary>
    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    public ConcurrentQueue<(long From, long To)> Queries { get; } = new();

    public void Set(string cell, double perSecond, double errorRate = 0, double p99Ms = 10) => _cells[cell] = (perSecond, errorRate, p99Ms);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Status != HttpStatusCode.OK)
        {
            return Task.FromResult(new HttpResponseMessage(Status));
        }

        var query = QueryHelpers.ParseQuery(request.RequestUri!.Query);
        var from = long.Parse(query["from"]!, System.Globalization.CultureInfo.InvariantCulture);
        var to = long.Parse(query["to"]!, System.Globalization.CultureInfo.InvariantCulture);
        Queries.Enqueue((from, to));
        var seconds = (to - from) / 1000.0;
        var cells = _cells.Select(c =>
        {
            var requests = (long)Math.Round(c.Value.PerSecond * seconds);
            var errors = (long)Math.Round(requests * c.Value.ErrorRate);
            return new RouterCellStats(c.Key, requests, requests - errors, new RouterErrorCounts(errors, 0, 0, 0, 0, 0), c.Value.P99Ms / 2, c.Value.P99Ms, 1, [], 0);
        }).ToList();
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = JsonContent.Create(new RouterStats(from, to, 1, cells), CellularJsonContext.Default.RouterStats),
        });
    }

    // The HTTP client factory disposes handlers it made; this one belongs to the test.
    protected override void Dispose(bool disposing)
    {
    }
}
