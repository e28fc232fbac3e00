using System.Net.Http.Json;
using Cellular.ControlPlane.Health;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Model;
using Cellular.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Cellular.ControlPlane.Tests.Health;

/// <summary>
/// The monitor's rounds are driven by calling <see cref="CellHealthMonitor.ProbeOnceAsync"/>; the
/// fake clock never reaches the monitor's interval, so no round runs on its own.
/// </summary>
public sealed class CellHealthMonitorTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new("cp-health");
    private readonly FakeTimeProvider _time = new();
    private ControlPlaneApp _app = null!;
    private HttpClient _client = null!;
    private CellHealthMonitor _monitor = null!;
    private FakeCell _cell = null!;

    public async Task InitializeAsync()
    {
        _app = new ControlPlaneApp(_root.Path, new Dictionary<string, string?>
        {
            ["Cellular:ControlPlane:Health:FailureThreshold"] = "3",
            ["Cellular:ControlPlane:Health:SuccessThreshold"] = "2",
        }, _time);
        _client = _app.Client();
        _monitor = _app.Services.GetRequiredService<CellHealthMonitor>();
        _cell = await FakeCell.StartAsync("c1");
        await _client.CreateStaticCellAsync(_cell);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _cell.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task ProbeOnce_FailuresReachThreshold_MarksUnhealthyPublishesAndAudits()
    {
        _cell.HealthStatus = 503;
        var before = await _client.GetVersionAsync();

        await ProbeAsync(2);
        Assert.Equal(CellState.Active, await StateAsync("c1"));
        Assert.Equal(before, await _client.GetVersionAsync());

        await ProbeAsync(1);

        Assert.Equal(CellState.Unhealthy, await StateAsync("c1"));
        Assert.Equal(CellState.Unhealthy, (await _client.GetTableAsync()).Cells.Single(c => c.Id == "c1").State);
        Assert.True(await _client.GetVersionAsync() > before);
        var audit = (await _client.GetFromJsonAsync("/api/v1/audit?limit=1", CellularJsonContext.Default.PageAuditEntry))!.Items[0];
        Assert.Equal(("cell.unhealthy", "cell/c1", "health-monitor"), (audit.Action, audit.Target, audit.Actor));
        Assert.Equal("Active", audit.Detail!.Value.GetProperty("from").GetString());
        Assert.Contains("503", audit.Detail!.Value.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var health = await HealthAsync("c1");
        Assert.Equal(("failing", 3, CellState.Active), (health.Probe, health.ConsecutiveFailures, health.ReturnState!.Value));
        Assert.NotNull(health.MarkedUnhealthyAt);
    }

    [Fact]
    public async Task ProbeOnce_MarkedCellHealthyAgain_ReturnsToActiveAfterSuccessThreshold()
    {
        _cell.HealthStatus = 503;
        await ProbeAsync(3);
        var unhealthyVersion = await _client.GetVersionAsync();
        _cell.HealthStatus = 200;

        await ProbeAsync(1);
        Assert.Equal(CellState.Unhealthy, await StateAsync("c1"));

        await ProbeAsync(1);

        Assert.Equal(CellState.Active, await StateAsync("c1"));
        Assert.True(await _client.GetVersionAsync() > unhealthyVersion);
        var audit = (await _client.GetFromJsonAsync("/api/v1/audit?limit=1", CellularJsonContext.Default.PageAuditEntry))!.Items[0];
        Assert.Equal(("cell.recovered", "health-monitor", "Active"), (audit.Action, audit.Actor, audit.Detail!.Value.GetProperty("to").GetString()));
        var health = await HealthAsync("c1");
        Assert.Equal(("healthy", 2, 0), (health.Probe, health.ConsecutiveSuccesses, health.ConsecutiveFailures));
        Assert.Null(health.ReturnState);
        Assert.Contains("503", health.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeOnce_DrainingCellFailsAndRecovers_ReturnsToDraining()
    {
        (await _client.PostAsync("/api/v1/cells/c1/drain", null)).Dispose();
        _cell.HealthStatus = 500;
        await ProbeAsync(3);
        Assert.Equal(CellState.Unhealthy, await StateAsync("c1"));

        _cell.HealthStatus = 200;
        await ProbeAsync(2);

        Assert.Equal(CellState.Draining, await StateAsync("c1"));
    }

    [Fact]
    public async Task ProbeOnce_QuarantinedCell_IsProbedButNeverChanged()
    {
        (await _client.PostAsync("/api/v1/cells/c1/quarantine", null)).Dispose();
        var version = await _client.GetVersionAsync();
        _cell.HealthStatus = 503;

        await ProbeAsync(5);
        _cell.HealthStatus = 200;
        await ProbeAsync(3);

        Assert.Equal(CellState.Quarantined, await StateAsync("c1"));
        Assert.Equal(version, await _client.GetVersionAsync());
        Assert.Equal(("healthy", 3), ((await HealthAsync("c1")).Probe, (await HealthAsync("c1")).ConsecutiveSuccesses));
    }

    [Fact]
    public async Task ProbeOnce_OperatorQuarantinedAnUnhealthyCell_MonitorNoLongerGivesItBack()
    {
        _cell.HealthStatus = 503;
        await ProbeAsync(3);
        (await _client.PostAsync("/api/v1/cells/c1/quarantine", null)).Dispose();
        _cell.HealthStatus = 200;

        await ProbeAsync(4);

        Assert.Equal(CellState.Quarantined, await StateAsync("c1"));
        Assert.Null((await HealthAsync("c1")).ReturnState);
    }

    [Fact]
    public async Task ProbeOnce_EndpointAnswersAsAnotherCell_CountsAsFailure()
    {
        await using var impostor = await FakeCell.StartAsync("c2");
        await _client.CreateStaticCellAsync(impostor);
        impostor.ReportedId = "c1";

        await ProbeAsync(1);

        var health = await HealthAsync("c2");
        Assert.Equal(("failing", 1), (health.Probe, health.ConsecutiveFailures));
        Assert.Contains("answers as cell 'c1'", health.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeOnce_OneCellHangs_OthersAreJudgedAtOnceAndTheHangTimesOut()
    {
        await using var other = await FakeCell.StartAsync("c2");
        await _client.CreateStaticCellAsync(other);
        _cell.HangHealth();
        other.HealthStatus = 503;

        var round = _monitor.ProbeOnceAsync(CancellationToken.None);
        await _cell.HungRequestArrived.WaitAsync(TimeSpan.FromSeconds(15));
        await Eventually.TrueAsync(async () => (await HealthAsync("c2")).ConsecutiveFailures == 1, "c2's failed probe is recorded while c1 hangs");
        Assert.False(round.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        await round.WaitAsync(TimeSpan.FromSeconds(15));

        var hung = await HealthAsync("c1");
        Assert.Equal(("failing", 1), (hung.Probe, hung.ConsecutiveFailures));
        Assert.Contains("no answer within 1000 ms", hung.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCells_AfterProbes_ShowsHealthInCellView()
    {
        await ProbeAsync(1);

        var cells = (await _client.GetFromJsonAsync("/api/v1/cells", CellularJsonContext.Default.ListCellView))!;

        var health = Assert.Single(cells).Health!;
        Assert.Equal(("c1", "healthy", 1), (health.Cell, health.Probe, health.ConsecutiveSuccesses));
        Assert.Equal(_time.GetUtcNow(), health.LastProbeAt);
    }

    [Fact]
    public async Task GetHealth_UnknownCell_Returns404()
    {
        using var response = await _client.GetAsync("/api/v1/cells/nope/health");

        await response.AssertProblemAsync(System.Net.HttpStatusCode.NotFound);
    }

    private async Task ProbeAsync(int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            await _monitor.ProbeOnceAsync(CancellationToken.None);
        }
    }

    private async Task<CellState> StateAsync(string id) =>
        (await _client.GetFromJsonAsync($"/api/v1/cells/{id}", CellularJsonContext.Default.CellView))!.State;

    private async Task<CellHealthStatus> HealthAsync(string id) =>
        (await _client.GetFromJsonAsync($"/api/v1/cells/{id}/health", CellularJsonContext.Default.CellHealthStatus))!;
}
