using System.Net;
using Cellular.Cell.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cellular.Cell.Tests.Observability;

// Alone: a meter provider listens to every Cellular.Cell meter in the process, and another test's
// cell app alive at the same time could own the instrument names this one's scrape reads.
[Collection(SerialCollection.Name)]
public sealed class CellMetricsEndpointTests
{
    [Fact]
    public async Task GetMetrics_WithoutCredential_ServesPrometheusTextWithTheCellLabel()
    {
        await using var cell = await TestCell.StartAsync(
            cellId: "c7",
            map: app =>
            {
                app.MapGet("/ok", () => "fine");
                app.MapGet("/boom", () => Results.StatusCode(503));
            });
        foreach (var tenant in new[] { "t1", "t2", "t3" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/ok");
            request.Headers.Add("X-Tenant-Id", tenant);
            (await cell.Client.SendAsync(request)).Dispose();
        }

        using var failing = new HttpRequestMessage(HttpMethod.Get, "/boom");
        failing.Headers.Add("X-Tenant-Id", "t1");
        (await cell.Client.SendAsync(failing)).Dispose();

        using var response = await cell.CreateRawClient().GetAsync(new Uri("/_cell/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("cellular_cell_requests_total{", text, StringComparison.Ordinal);
        Assert.Matches("cellular_cell_requests_total\\{[^}]*cell=\"c7\"[^}]*outcome=\"success\"[^}]*\\} 3", text);
        Assert.Matches("cellular_cell_requests_total\\{[^}]*cell=\"c7\"[^}]*outcome=\"server_error\"[^}]*\\} 1", text);
        Assert.Contains("cellular_cell_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"t1\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tenant=", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostMetrics_WithoutCredential_IsRefused()
    {
        await using var cell = await TestCell.StartAsync();

        using var response = await cell.CreateRawClient().PostAsync(new Uri("/_cell/metrics", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
