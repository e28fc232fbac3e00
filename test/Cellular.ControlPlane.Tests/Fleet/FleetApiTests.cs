using System.Net;
using System.Text.Json;
using Cellular.ControlPlane.Health;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.ControlPlane.Tests.Fleet;

public sealed class FleetApiTests : IAsyncLifetime
{
    private readonly FleetTestApp _fleet = new();

    public async Task InitializeAsync()
    {
        await _fleet.AddCellAsync("c1");
        await _fleet.AddCellAsync("c2");
        await _fleet.AddCellAsync("c3", "\"region\":\"eu-west\",\"labels\":{\"team\":\"blue\"}");
        _fleet.Router.Set("c1", 10);
        _fleet.Router.Set("c2", 10, errorRate: 0.5);
        _fleet.Router.Set("c3", 10, p99Ms: 500);
        _fleet.Router.Set("ghost", 99);
    }

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task Get_WithTraffic_RowsCarrySignalsAndAlarmsAgainstPeers()
    {
        await _fleet.SampleAsync();

        var page = await GetPageAsync("/api/v1/fleet");

        Assert.Equal(["c1", "c2", "c3"], page.Rows.Select(r => r.Id));
        Assert.Equal(3, page.Matched);
        var c1 = page.Rows[0];
        Assert.Equal((CellState.Active, "unknown", "static"), (c1.State, c1.Health, c1.Provider));
        Assert.Equal(10, c1.Signals.RequestsPerSecond);
        Assert.Equal(1.0, c1.Signals.SuccessRate);
        Assert.Empty(c1.Alarms);
        var c2 = Assert.Single(page.Rows[1].Alarms);
        Assert.Equal(("error-rate", "critical"), (c2.Kind, c2.Severity));
        Assert.Contains("50.0", c2.Detail, StringComparison.Ordinal);
        Assert.Equal("p99", Assert.Single(page.Rows[2].Alarms).Kind);
        Assert.True(page.Summary.StatsAvailable);
        Assert.Equal(3, page.Summary.Cells);
        Assert.Equal(2, page.Summary.CellsWithAlarms);
        Assert.Equal(3, page.Summary.ByState["Active"]);
        Assert.Equal(30, page.Summary.Signals.RequestsPerSecond);
        Assert.DoesNotContain(page.Rows, r => r.Id == "ghost");
    }

    [Fact]
    public async Task Sampler_IncrementsAreAdjacent_SparklineBoundedAndOldestFirst()
    {
        await _fleet.SampleAsync();
        _fleet.Router.Set("c1", 20);
        await _fleet.SampleAsync();
        _fleet.Router.Set("c1", 30);
        await _fleet.SampleAsync();
        _fleet.Router.Set("c1", 40);
        await _fleet.SampleAsync();

        var row = (await GetPageAsync("/api/v1/fleet?q=c1")).Rows.Single();

        // SparklineSamples is 3 in these tests: the first value fell out.
        Assert.Equal([20.0, 30.0, 40.0], row.Sparkline);

        // The increments the sampler read (the short ones; the others are signal windows) follow one another.
        var increments = _fleet.Router.Queries.Where(q => q.To - q.From == 2000).ToList();
        Assert.True(increments.Count >= 3);
        for (var i = 1; i < increments.Count; i++)
        {
            Assert.Equal(increments[i - 1].To, increments[i].From);
        }
    }

    [Fact]
    public async Task Get_RouterUnreadable_SaysWhyAndKeepsTheRest()
    {
        await _fleet.SampleAsync();
        _fleet.Router.Status = HttpStatusCode.InternalServerError;
        await _fleet.SampleAsync();

        var page = await GetPageAsync("/api/v1/fleet");

        Assert.False(page.Summary.StatsAvailable);
        Assert.Contains("router-1.test", page.Summary.StatsError, StringComparison.Ordinal);
        Assert.All(page.Rows, r => Assert.Contains(r.Alarms, a => a.Kind == "no-traffic-data"));
        Assert.All(page.Rows, r => Assert.Null(r.Signals.SuccessRate));
        Assert.All(page.Rows, r => Assert.Single(r.Sparkline));
    }

    [Fact]
    public async Task Get_NoTraffic_RatesAreNoDataNeverNaN()
    {
        await using var quiet = new FleetTestApp(withRouter: false);
        await quiet.AddCellAsync("q1");
        await quiet.SampleAsync();

        using var response = await quiet.Client.GetAsync("/api/v1/fleet");
        var json = await response.Content.ReadAsStringAsync();
        var page = JsonSerializer.Deserialize(json, CellularJsonContext.Default.FleetPage)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
        Assert.False(page.Summary.StatsAvailable);
        Assert.Contains("No router is configured", page.Summary.StatsError, StringComparison.Ordinal);
        var row = Assert.Single(page.Rows);
        Assert.Equal(CellSignals.None, row.Signals);
        Assert.Empty(row.Alarms);
    }

    [Fact]
    public async Task Get_SortFilterAndPage_OnTheServer()
    {
        await _fleet.SampleAsync();

        Assert.Equal(["c3", "c1", "c2"], (await GetPageAsync("/api/v1/fleet?sort=p99&desc=true")).Rows.Select(r => r.Id));
        Assert.Equal(["c2"], (await GetPageAsync("/api/v1/fleet?alarm=error-rate")).Rows.Select(r => r.Id));
        Assert.Equal(["c2", "c3"], (await GetPageAsync("/api/v1/fleet?alarm=any")).Rows.Select(r => r.Id));
        Assert.Equal(["c3"], (await GetPageAsync("/api/v1/fleet?q=BLUE")).Rows.Select(r => r.Id));
        Assert.Equal(["c3"], (await GetPageAsync("/api/v1/fleet?q=eu-")).Rows.Select(r => r.Id));
        var paged = await GetPageAsync("/api/v1/fleet?sort=id&desc=true&offset=1&limit=1");
        Assert.Equal(["c2"], paged.Rows.Select(r => r.Id));
        Assert.Equal((1, 1, 3, "id", true), (paged.Offset, paged.Limit, paged.Matched, paged.Sort, paged.Descending));

        (await _fleet.Client.PostAsync("/api/v1/cells/c1/drain", null)).Dispose();
        Assert.Equal(["c1"], (await GetPageAsync("/api/v1/fleet?state=draining")).Rows.Select(r => r.Id));
        Assert.Equal(3, (await GetPageAsync("/api/v1/fleet?stage=dev,prod&health=unknown")).Matched);
    }

    [Theory]
    [InlineData("sort=bogus", "sort")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("desc=maybe", "desc")]
    [InlineData("state=Sleeping", "state")]
    [InlineData("stage=qa", "stage")]
    [InlineData("health=sick", "health")]
    [InlineData("alarm=fire", "alarm")]
    [InlineData("sort=id&sort=p99", "sort")]
    public async Task Get_BadQuery_Returns400NamingTheParameter(string query, string parameter)
    {
        using var response = await _fleet.Client.GetAsync($"/api/v1/fleet?{query}");
        var detail = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains($"'{parameter}'", detail, StringComparison.Ordinal);

        using var stream = await _fleet.Client.GetAsync($"/api/v1/fleet/stream?{query}");
        await stream.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Stream_SendsThePageAtOnceAsAFleetEvent()
    {
        await _fleet.SampleAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/fleet/stream?sort=p99&desc=true&limit=2");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await _fleet.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var first = await ReadEventAsync(reader, cancel.Token);
        Assert.Equal("fleet", first.Event);
        var page = JsonSerializer.Deserialize(first.Data, CellularJsonContext.Default.FleetPage)!;
        Assert.Equal(["c3", "c1"], page.Rows.Select(r => r.Id));

        // The next sample sends the next page.
        _fleet.Router.Set("c1", 1000, p99Ms: 900);
        var sampled = _fleet.SampleAsync(TimeSpan.FromMinutes(11));
        var second = await ReadEventAsync(reader, cancel.Token);
        await sampled;
        Assert.Equal("c1", JsonSerializer.Deserialize(second.Data, CellularJsonContext.Default.FleetPage)!.Rows[0].Id);
    }

    [Fact]
    public async Task CellDetail_ComparesWithPeersMedian_404WhenUnknown()
    {
        await _fleet.SampleAsync();

        using var response = await _fleet.Client.GetAsync("/api/v1/fleet/cells/c2");
        var detail = await response.ReadAsync(CellularJsonContext.Default.FleetCellDetail);
        using var missing = await _fleet.Client.GetAsync("/api/v1/fleet/cells/nope");

        Assert.Equal("c2", detail.Row.Id);
        Assert.Equal(2, detail.PeerCount);
        Assert.Equal(0, detail.Peers.ErrorRate);
        Assert.Equal(255, detail.Peers.P99Ms);
        await missing.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_FailingProbesAndQuarantine_RaiseAlarms()
    {
        _fleet.Router.Set("c2", 10);
        var tracker = _fleet.App.Services.GetRequiredService<CellHealthTracker>();
        tracker.Record("c1", "connection refused", _fleet.Clock.GetUtcNow());
        (await _fleet.Client.PostAsync("/api/v1/cells/c2/quarantine", null)).Dispose();
        await _fleet.SampleAsync();

        var page = await GetPageAsync("/api/v1/fleet?alarm=unhealthy,quarantined&sort=alarms&desc=true");

        Assert.Equal(["c1", "c2"], page.Rows.Select(r => r.Id));
        Assert.Equal("failing", page.Rows[0].Health);
        Assert.Contains("connection refused", page.Rows[0].Alarms[0].Detail, StringComparison.Ordinal);
        Assert.Equal(1, page.Summary.ByHealth["failing"]);
        Assert.Equal(1, page.Summary.ByState["Quarantined"]);
    }

    private async Task<FleetPage> GetPageAsync(string url)
    {
        using var response = await _fleet.Client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync(CellularJsonContext.Default.FleetPage);
    }

    private static async Task<(string Event, string Data)> ReadEventAsync(StreamReader reader, CancellationToken ct)
    {
        string? name = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null)
                {
                    return (name, string.Join('\n', data));
                }

                continue;
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line["data: ".Length..]);
            }
        }

        throw new InvalidOperationException("The stream ended before an event.");
    }
}
