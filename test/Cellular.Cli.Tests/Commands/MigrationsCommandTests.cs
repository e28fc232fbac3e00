using System.Text.Json;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.Cli.Tests.Commands;

public sealed class MigrationsCommandTests : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeControlPlane.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private string Api => _fake.Url.ToString();

    [Fact]
    public async Task Move_Succeeds_PrintsEachPhaseThenSummaryAndExits0()
    {
        _fake.RespondJson("POST", "/api/v1/migrations", 201, Samples.Migration());
        _fake.RespondSequence(
            "GET",
            "/api/v1/migrations/mig-1",
            Samples.Migration(state: MigrationState.Copying),
            Samples.Migration(state: MigrationState.Verifying),
            Samples.Migration(state: MigrationState.Cutover),
            Samples.Migration(state: MigrationState.Soak));
        var cli = new CliHarness();

        var code = await cli.RunAdvancingClockAsync(Step, 1000, "tenants", "move", "acme", "--to", "c2", "--api", Api);

        Assert.Equal(0, code);
        using (var body = JsonDocument.Parse(_fake.RequestsTo("POST", "/api/v1/migrations")[0].Body))
        {
            Assert.Equal("acme", body.RootElement.GetProperty("tenant").GetString());
            Assert.Equal("c2", body.RootElement.GetProperty("to").GetString());
            Assert.False(body.RootElement.TryGetProperty("force", out _));
        }

        var output = cli.Out;
        Assert.Contains("Moving acme: c1 → c2 (mig-1)", output, StringComparison.Ordinal);
        string[] phases = ["✓ Planned", "✓ Copying", "✓ CatchingUp", "✓ Verifying", "✓ Cutover", "✓ Switched"];
        var positions = phases.Select(p => output.IndexOf(p, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0, output));
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("120 ms  snapshot of 1,200 rows, 337.6 KB read", output, StringComparison.Ordinal);
        Assert.Contains("Moved acme: c1 → c2 (mig-1) in 217 ms.", output, StringComparison.Ordinal);
        Assert.Contains("38 ms (from the source fence: target active after 31 ms, table published after 38 ms, drain 3 ms)", output, StringComparison.Ordinal);
        Assert.Contains("hashes match (sha256:01234… over 1,200 rows, after the fence)", output, StringComparison.Ordinal);
        Assert.Contains("cellctl migrations reverse mig-1", output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, cli.Error);
    }

    [Fact]
    public async Task Move_Aborted_PrintsReasonOnStderrAndExits1()
    {
        _fake.RespondJson("POST", "/api/v1/migrations", 201, Samples.Migration());
        _fake.RespondSequence("GET", "/api/v1/migrations/mig-1", Samples.Migration(state: MigrationState.CatchingUp), Samples.Migration(state: MigrationState.Aborted));
        var cli = new CliHarness();

        var code = await cli.RunAdvancingClockAsync(Step, 1000, "tenants", "move", "acme", "--to", "c2", "--force", "--api", Api);

        Assert.Equal(1, code);
        Assert.Contains("\"force\":true", _fake.RequestsTo("POST", "/api/v1/migrations")[0].Body, StringComparison.Ordinal);
        Assert.Contains("Aborted moving acme: c1 → c2 (mig-1): Cutover over budget: 2.4 s > 2 s. The tenant stays in c1.", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_NoWait_PrintsPlannedAndDoesNotPoll()
    {
        _fake.RespondJson("POST", "/api/v1/migrations", 201, Samples.Migration());
        var cli = new CliHarness();

        var code = await cli.RunAsync("tenants", "move", "acme", "--no-wait", "--api", Api);

        Assert.Equal(0, code);
        Assert.Single(_fake.Requests);
        Assert.DoesNotContain("\"to\"", _fake.Requests.Single().Body, StringComparison.Ordinal);
        Assert.Contains("Planned acme: c1 → c2 (mig-1), now Planned.", cli.Out, StringComparison.Ordinal);
        Assert.Contains("cellctl migrations show mig-1 --wait", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_WaitJson_PrintsOnlyTheFinalMigration()
    {
        _fake.RespondJson("POST", "/api/v1/migrations", 201, Samples.Migration());
        _fake.RespondSequence("GET", "/api/v1/migrations/mig-1", Samples.Migration(state: MigrationState.Complete));
        var cli = new CliHarness();

        var code = await cli.RunAdvancingClockAsync(Step, 1000, "tenants", "move", "acme", "--json", "--api", Api);

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(cli.Out);
        Assert.Equal("Complete", document.RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Move_TenantPinned_PrintsConflict()
    {
        _fake.RespondProblem("POST", "/api/v1/migrations", 409, "Tenant pinned", "Tenant 'acme' is pinned to c1; pass force to move it anyway.");
        var cli = new CliHarness();

        var code = await cli.RunAsync("tenants", "move", "acme", "--to", "c2", "--api", Api);

        Assert.Equal(1, code);
        Assert.Contains("error: Tenant pinned (HTTP 409)", cli.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "tenants", "move" }, "Required argument missing")]
    [InlineData(new[] { "tenants", "move", "acme", "--to", "C2" }, "The cell id 'C2'")]
    [InlineData(new[] { "tenants", "move", "a b" }, "The tenant id 'a b'")]
    [InlineData(new[] { "migrations", "list", "--state", "done" }, "--state: 'done' is not a migration state; use one of Planned, Copying")]
    [InlineData(new[] { "migrations", "list", "--state", "3" }, "--state: '3' is not a migration state")]
    [InlineData(new[] { "cells", "drain", "c1", "--force" }, "--force only applies with --evacuate")]
    [InlineData(new[] { "migrations", "show" }, "Required argument missing")]
    [InlineData(new[] { "cells", "drain", "c1", "--wait" }, "--wait only applies with --evacuate")]
    [InlineData(new[] { "rebalance", "--threshold", "1.5" }, "--threshold must be more than 0 and at most 1; got 1.5.")]
    [InlineData(new[] { "rebalance", "--dry-run", "--wait" }, "--wait has nothing to follow with --dry-run.")]
    public async Task InvalidArguments_FailBeforeCallingTheControlPlane(string[] arguments, string message)
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync([.. arguments, "--api", Api]);

        Assert.Equal(1, code);
        Assert.Contains(message, cli.Error, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task List_Filters_SendsQueryAndPrintsTableWithTally()
    {
        _fake.RespondJson("GET", "/api/v1/migrations", 200, new List<Migration>
        {
            Samples.Migration("mig-2", state: MigrationState.Copying),
            Samples.Migration("mig-1", state: MigrationState.Complete),
            Samples.Migration("mig-0", state: MigrationState.Aborted),
        });
        var cli = new CliHarness();

        var code = await cli.RunAsync("migrations", "list", "--tenant", "acme", "--state", "copying", "--limit", "3", "--api", Api);

        Assert.Equal(0, code);
        Assert.Equal("?tenant=acme&state=Copying&limit=3", Assert.Single(_fake.Requests).Query);
        Assert.Contains("mig-2", cli.Out, StringComparison.Ordinal);
        Assert.Contains("c1 → c2", cli.Out, StringComparison.Ordinal);
        Assert.Contains("match", cli.Out, StringComparison.Ordinal);
        Assert.Contains("1 moved, 1 aborted, 1 still running", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Settled_PrintsPhasesAndSummary()
    {
        _fake.RespondJson("GET", "/api/v1/migrations/mig-1", 200, Samples.Migration(state: MigrationState.Complete));
        var cli = new CliHarness();

        var code = await cli.RunAsync("migrations", "show", "mig-1", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("Cutover", cli.Out, StringComparison.Ordinal);
        Assert.Contains("old copy purged", cli.Out, StringComparison.Ordinal);
        Assert.Contains("Moved acme: c1 → c2 (mig-1)", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Wait_FollowsUntilSettled()
    {
        _fake.RespondSequence("GET", "/api/v1/migrations/mig-1", Samples.Migration(state: MigrationState.Copying), Samples.Migration(state: MigrationState.Soak));
        var cli = new CliHarness();

        var code = await cli.RunAdvancingClockAsync(Step, 1000, "migrations", "show", "mig-1", "--wait", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("Moved acme", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Abort_Running_SaysRollbackFollows()
    {
        _fake.RespondJson("POST", "/api/v1/migrations/mig-1/abort", 200, Samples.Migration(state: MigrationState.Copying) with { AbortRequested = true });
        var cli = new CliHarness();

        var code = await cli.RunAsync("migrations", "abort", "mig-1", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("Abort requested for mig-1 (Copying): it rolls back and acme stays in c1.", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Abort_AfterSwitch_PrintsConflict()
    {
        _fake.RespondProblem("POST", "/api/v1/migrations/mig-1/abort", 409, "Migration switched", "mig-1 is past its switch; reverse it instead.");
        var cli = new CliHarness();

        var code = await cli.RunAsync("migrations", "abort", "mig-1", "--api", Api);

        Assert.Equal(1, code);
        Assert.Contains("reverse it instead", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reverse_Switched_FollowsTheNewMigration()
    {
        _fake.RespondJson("POST", "/api/v1/migrations/mig-1/reverse", 201, Samples.Migration("mig-2", from: "c2", to: "c1") with { ReverseOf = "mig-1" });
        _fake.RespondSequence("GET", "/api/v1/migrations/mig-2", Samples.Migration("mig-2", state: MigrationState.Soak, from: "c2", to: "c1"));
        var cli = new CliHarness();

        var code = await cli.RunAdvancingClockAsync(Step, 1000, "migrations", "reverse", "mig-1", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("Moved acme: c2 → c1 (mig-2)", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrainEvacuateWait_AllMove_PrintsChangesThenSummaryAndExits0()
    {
        _fake.RespondJson("POST", "/api/v1/cells/c1/evacuate", 200, new CellEvacuation(
            "c1", CellState.Draining, [Samples.Migration("mig-1", "acme"), Samples.Migration("mig-2", "globex")], []));
        _fake.RespondSequence("GET", "/api/v1/migrations/mig-1", Samples.Migration("mig-1", "acme", MigrationState.Copying), Samples.Migration("mig-1", "acme", MigrationState.Soak));
        _fake.RespondSequence("GET", "/api/v1/migrations/mig-2", Samples.Migration("mig-2", "globex", MigrationState.Copying), Samples.Migration("mig-2", "globex", MigrationState.Complete));
        var cli = new CliHarness();

        var code = await cli.RunAdvancingClockAsync(Step, 1000, "cells", "drain", "c1", "--evacuate", "--wait", "--api", Api);

        Assert.Equal(0, code);
        Assert.Empty(_fake.RequestsTo("POST", "/api/v1/cells/c1/drain"));
        Assert.Contains("Cell c1 is Draining; 2 migrations planned.", cli.Out, StringComparison.Ordinal);
        Assert.Contains("globex: c1 → c2 (mig-2) Copying", cli.Out, StringComparison.Ordinal);
        Assert.Contains("Evacuation of c1: 2 moved.", cli.Out, StringComparison.Ordinal);
        Assert.Contains("Cell c1 holds no tenants now.", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrainEvacuateWait_OneAbortedOneSkipped_Exits1()
    {
        _fake.RespondJson("POST", "/api/v1/cells/c1/evacuate", 200, new CellEvacuation(
            "c1", CellState.Draining, [Samples.Migration("mig-1", "acme")], [new SkippedTenant("initech", "pinned")]));
        _fake.RespondSequence("GET", "/api/v1/migrations/mig-1", Samples.Migration("mig-1", "acme", MigrationState.Aborted));
        var cli = new CliHarness();

        var code = await cli.RunAdvancingClockAsync(Step, 1000, "cells", "drain", "c1", "--evacuate", "--wait", "--api", Api);

        Assert.Equal(1, code);
        Assert.Contains("initech: pinned", cli.Out, StringComparison.Ordinal);
        Assert.Contains("0 moved, 1 aborted", cli.Out, StringComparison.Ordinal);
        Assert.Contains("Cell c1 still holds tenants: 1 not moved, 1 move did not complete.", cli.Out, StringComparison.Ordinal);
        Assert.Contains("Pinned tenants move only with --force", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrainEvacuate_Force_AsksForPinnedTenantsToo()
    {
        _fake.RespondJson("POST", "/api/v1/cells/c1/evacuate", 200, new CellEvacuation("c1", CellState.Quarantined, [Samples.Migration("mig-1", "acme")], []));
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", "drain", "c1", "--evacuate", "--force", "--api", Api);

        Assert.Equal(0, code);
        Assert.Equal("?force=true", Assert.Single(_fake.Requests).Query);
        Assert.Contains("Cell c1 is Quarantined; 1 migration planned.", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrainEvacuate_NoWait_PrintsPlannedMoves()
    {
        _fake.RespondJson("POST", "/api/v1/cells/c1/evacuate", 200, new CellEvacuation("c1", CellState.Draining, [Samples.Migration("mig-1", "acme")], []));
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", "drain", "c1", "--evacuate", "--api", Api);

        Assert.Equal(0, code);
        Assert.Single(_fake.Requests);
        Assert.Contains("Cell c1 is Draining; 1 migration planned.", cli.Out, StringComparison.Ordinal);
        Assert.Contains("mig-1", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drain_WithoutEvacuate_OnlyDrains()
    {
        _fake.RespondJson("POST", "/api/v1/cells/c1/drain", 200, Samples.Cell("c1", CellState.Draining));
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", "drain", "c1", "--api", Api);

        Assert.Equal(0, code);
        Assert.Contains("Cell c1 is now Draining.", cli.Out, StringComparison.Ordinal);
    }
}
