using System.Text.Json;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;

namespace Cellular.Cli.Tests.Commands;

public sealed class RebalanceCommandTests : IAsyncLifetime
{
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeControlPlane.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private string Api => _fake.Url.ToString();

    [Fact]
    public async Task DryRun_Plan_SendsRequestAndPrintsMovesAndUtilisation()
    {
        _fake.RespondJson("POST", "/api/v1/rebalance", 200, Plan(dryRun: true));
        var cli = new CliHarness();

        var code = await cli.RunAsync("rebalance", "--threshold", "0.7", "--dry-run", "--max-moves", "5", "--api", Api);

        Assert.Equal(0, code);
        using (var body = JsonDocument.Parse(Assert.Single(_fake.Requests).Body))
        {
            Assert.Equal(0.7, body.RootElement.GetProperty("threshold").GetDouble());
            Assert.True(body.RootElement.GetProperty("dryRun").GetBoolean());
            Assert.Equal(5, body.RootElement.GetProperty("maxMoves").GetInt32());
        }

        Assert.Contains("Rebalance plan (threshold 70.0%): 2 moves", cli.Out, StringComparison.Ordinal);
        Assert.Contains("1,200 rows", cli.Out, StringComparison.Ordinal);
        Assert.Contains("c1 90.0%→80.0%, c3 10.0%→20.0%", cli.Out, StringComparison.Ordinal);
        Assert.Contains("c1 80.0%→70.0%, c3 20.0%→30.0%", cli.Out, StringComparison.Ordinal);
        Assert.Contains("900 (90.0%)", cli.Out, StringComparison.Ordinal);
        Assert.Contains("700 (70.0%)", cli.Out, StringComparison.Ordinal);
        Assert.Contains("initech: pinned", cli.Out, StringComparison.Ordinal);
        Assert.Contains("Dry run: nothing was moved. Apply it with cellctl rebalance --threshold 0.7", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_Wait_FollowsTheMigrationsAndExits0()
    {
        _fake.RespondJson("POST", "/api/v1/rebalance", 200, Plan(dryRun: false));
        _fake.RespondSequence("GET", "/api/v1/migrations/mig-1", Samples.Migration("mig-1", "acme", MigrationState.Soak, to: "c3"));
        _fake.RespondSequence("GET", "/api/v1/migrations/mig-2", Samples.Migration("mig-2", "globex", MigrationState.Complete, to: "c3"));
        var cli = new CliHarness();

        var code = await cli.RunAdvancingClockAsync(TimeSpan.FromMilliseconds(250), 1000, "rebalance", "--wait", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("Started 2 migrations.", cli.Out, StringComparison.Ordinal);
        Assert.Contains("Rebalance: 2 moved.", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_PrintsThePlan()
    {
        _fake.RespondJson("POST", "/api/v1/rebalance", 200, Plan(dryRun: true));
        var cli = new CliHarness();

        var code = await cli.RunAsync("rebalance", "--dry-run", "--json", "--api", Api);

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(cli.Out);
        Assert.Equal(2, document.RootElement.GetProperty("moves").GetArrayLength());
    }

    [Fact]
    public async Task NothingToMove_SaysSo()
    {
        _fake.RespondJson("POST", "/api/v1/rebalance", 200, new RebalancePlan(0.8, true, [], [new CellUtilisation("c1", 100, 1000, 0.1)], [new CellUtilisation("c1", 100, 1000, 0.1)], [], []));
        var cli = new CliHarness();

        var code = await cli.RunAsync("rebalance", "--dry-run", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("Nothing to move: no Active cell is above 80.0%", cli.Out, StringComparison.Ordinal);
    }

    private static RebalancePlan Plan(bool dryRun) =>
        new(
            0.7,
            dryRun,
            [new RebalanceMove("acme", "c1", "c3", 100, 1200, "rows", 0.8, 0.2), new RebalanceMove("globex", "c1", "c3", 100, 100, "weight", 0.7, 0.3)],
            [new CellUtilisation("c1", 900, 1000, 0.9), new CellUtilisation("c2", 500, 1000, 0.5), new CellUtilisation("c3", 100, 1000, 0.1)],
            [new CellUtilisation("c1", 700, 1000, 0.7), new CellUtilisation("c2", 500, 1000, 0.5), new CellUtilisation("c3", 300, 1000, 0.3)],
            dryRun ? [] : [Samples.Migration("mig-1", "acme", to: "c3"), Samples.Migration("mig-2", "globex", to: "c3")],
            [new SkippedTenant("initech", "pinned")]);
}
