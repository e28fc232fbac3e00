using System.Text.Json;
using Cellular.Cli.Tests.Infrastructure;

namespace Cellular.Cli.Tests.Commands;

public sealed class DeployCommandTests : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeControlPlane.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private string Api => _fake.Url.ToString();

    [Fact]
    public async Task Deploy_AllOptions_SendsWavesConfigAndBakeSecondsAndPrintsThePlan()
    {
        using var temp = new TempDirectory();
        var program = temp.CreateFile("notes", "Notes.dll");
        _fake.RespondJson("POST", "/api/v1/deployments", 201, DeploymentSamples.Pending());
        var cli = new CliHarness();

        var code = await cli.RunAsync(
            "deploy", "2.0.0", "--artifact", program, "--config", "Notes:Greeting=hi=there", "--config", "Feature.X=", "--wave", "c1", "--wave", "c2, c3",
            "--bake", "10m", "--first-prod-bake", "20m", "--max-parallel", "2", "--approval", "every-wave", "--rollback-all", "--name", "notes 2",
            "--min-requests", "50", "--max-bake-extension", "5m", "--api", Api);

        Assert.Equal(0, code);
        using var body = JsonDocument.Parse(Assert.Single(_fake.RequestsTo("POST", "/api/v1/deployments")).Body);
        var root = body.RootElement;
        Assert.Equal("2.0.0", root.GetProperty("version").GetString());
        Assert.Equal(program, root.GetProperty("artifact").GetString());
        Assert.Equal("hi=there", root.GetProperty("config").GetProperty("Notes:Greeting").GetString());
        Assert.Equal(string.Empty, root.GetProperty("config").GetProperty("Feature.X").GetString());
        Assert.Equal(
            [["c1"], ["c2", "c3"]],
            root.GetProperty("waves").EnumerateArray().Select(w => w.EnumerateArray().Select(c => c.GetString()).ToArray()).ToArray());
        Assert.False(root.TryGetProperty("cells", out _));
        Assert.Equal(600, root.GetProperty("bakeSeconds").GetInt32());
        Assert.Equal(1200, root.GetProperty("firstProductionBakeSeconds").GetInt32());
        Assert.Equal(2, root.GetProperty("maxParallel").GetInt32());
        Assert.Equal("every-wave", root.GetProperty("approval").GetString());
        Assert.True(root.GetProperty("rollbackAll").GetBoolean());
        Assert.Equal("notes 2", root.GetProperty("name").GetString());
        Assert.Equal(["minRequests", "maxBakeExtensionSeconds"], root.GetProperty("gates").EnumerateObject().Select(p => p.Name));
        Assert.Equal(300, root.GetProperty("gates").GetProperty("maxBakeExtensionSeconds").GetInt32());

        Assert.Contains("Deployment dep-1 (2.0.0) is Pending: 2 waves, 3 cells.", cli.Out, StringComparison.Ordinal);
        Assert.Matches(@"│ +1 │ Pending +│ c1 Pending +│ bake 10m +│", cli.Out);
        Assert.Matches(@"│ +2 │ Pending +│ c2 Pending  c3 Pending +│ bake 20m +│", cli.Out);
        Assert.Contains("cellctl deployments watch dep-1", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_VersionOnly_SendsOnlyTheVersion()
    {
        _fake.RespondJson("POST", "/api/v1/deployments", 201, DeploymentSamples.Pending());
        var cli = new CliHarness();

        var code = await cli.RunAsync("deploy", "2.0.0+build_7", "--api", Api);

        Assert.Equal(0, code);
        using var body = JsonDocument.Parse(Assert.Single(_fake.Requests).Body);
        Assert.Equal(["version"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2.0.0+build_7", body.RootElement.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Deploy_Cells_SendsTheCellsInOrder()
    {
        _fake.RespondJson("POST", "/api/v1/deployments", 201, DeploymentSamples.Pending());
        var cli = new CliHarness();

        var code = await cli.RunAsync("deploy", "2.0.0", "--cells", "c3,c1", "--cells", "c2", "--growth", "3", "--api", Api);

        Assert.Equal(0, code);
        using var body = JsonDocument.Parse(Assert.Single(_fake.Requests).Body);
        Assert.Equal(["c3", "c1", "c2"], body.RootElement.GetProperty("cells").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(3, body.RootElement.GetProperty("waveGrowth").GetInt32());
    }

    [Fact]
    public async Task Deploy_RelativeArtifact_IsSentAbsolute()
    {
        using var temp = new TempDirectory();
        var program = temp.CreateFile("app", "notes");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, program);
        Assert.False(Path.IsPathRooted(relative));
        _fake.RespondJson("POST", "/api/v1/deployments", 201, DeploymentSamples.Pending());
        var cli = new CliHarness();

        var code = await cli.RunAsync("deploy", "2.0.0", "--artifact", relative, "--api", Api);

        Assert.Equal(0, code);
        using var body = JsonDocument.Parse(Assert.Single(_fake.Requests).Body);
        Assert.Equal(program, body.RootElement.GetProperty("artifact").GetString());
    }

    [Fact]
    public async Task Deploy_UriArtifact_IsSentUnchanged()
    {
        _fake.RespondJson("POST", "/api/v1/deployments", 201, DeploymentSamples.Pending());
        var cli = new CliHarness();

        var code = await cli.RunAsync("deploy", "2.0.0", "--artifact", "oci://registry.local/notes:2.0.0", "--api", Api);

        Assert.Equal(0, code);
        using var body = JsonDocument.Parse(Assert.Single(_fake.Requests).Body);
        Assert.Equal("oci://registry.local/notes:2.0.0", body.RootElement.GetProperty("artifact").GetString());
    }

    [Theory]
    [InlineData("--artifact", "./no/such/program.dll", "--artifact: './no/such/program.dll' does not exist (looked for ")]
    [InlineData("--config", "Greeting", "--config: 'Greeting' is not key=value")]
    [InlineData("--config", "=hi", "--config: '=hi' is not key=value")]
    [InlineData("--config", "bad key=1", "--config: the key 'bad key' may only contain")]
    [InlineData("--bake", "10x", "--bake: '10x' is not a duration")]
    [InlineData("--bake", "25h", "--bake must be between 0s and 24h; got 25h.")]
    [InlineData("--first-prod-bake", "soon", "--first-prod-bake: 'soon' is not a duration")]
    [InlineData("--max-parallel", "0", "--max-parallel must be between 1 and 100; got 0.")]
    [InlineData("--growth", "11", "--growth must be between 1 and 10; got 11.")]
    [InlineData("--approval", "always", "always")]
    [InlineData("--wave", "C1", "--wave: The cell id 'C1'")]
    [InlineData("--wave", ",", "--wave: ',' names no cell")]
    [InlineData("--cells", "c1,c1", "--cells: cell c1 is given twice.")]
    public async Task Deploy_InvalidOption_FailsBeforeCallingTheControlPlane(string option, string value, string expected)
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("deploy", "2.0.0", option, value, "--api", Api);

        Assert.Equal(1, code);
        Assert.Contains(expected, cli.Error, StringComparison.Ordinal);
        Assert.Contains("cellctl deploy --help", cli.Error, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Theory]
    [InlineData(new[] { "deploy", "2.0 beta" }, "The version '2.0 beta' may only contain letters, digits")]
    [InlineData(new[] { "deploy" }, "Required argument missing")]
    [InlineData(new[] { "deploy", "2.0.0", "--config", "a=1", "--config", "a=2" }, "--config: the key 'a' is given twice.")]
    [InlineData(new[] { "deploy", "2.0.0", "--wave", "c1,c2", "--wave", "c2" }, "--wave: cell c2 is in more than one wave")]
    [InlineData(new[] { "deploy", "2.0.0", "--wave", "c1", "--cells", "c2" }, "Give --cells or --wave, not both")]
    [InlineData(new[] { "deploy", "2.0.0", "--wave", "c1", "--growth", "2" }, "--growth only shapes the default plan")]
    public async Task Deploy_InvalidCombination_FailsWithAClearMessage(string[] args, string expected)
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync([.. args, "--api", Api]);

        Assert.Equal(1, code);
        Assert.Contains(expected, cli.Error, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task Deploy_Refused_PrintsTheProblemAndExits1()
    {
        _fake.RespondProblem("POST", "/api/v1/deployments", 409, "Deployments frozen", "No deployment starts while the freeze is engaged: release train.");
        var cli = new CliHarness();

        var code = await cli.RunAsync("deploy", "2.0.0", "--api", Api);

        Assert.Equal(1, code);
        Assert.Contains("error: Deployments frozen (HTTP 409)", cli.Error, StringComparison.Ordinal);
        Assert.Contains("release train", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeployWatch_Succeeded_PrintsEachChangeAndExits0()
    {
        _fake.RespondJson("POST", "/api/v1/deployments", 201, DeploymentSamples.Pending());
        _fake.RespondSequence(
            "GET",
            "/api/v1/deployments/dep-1",
            DeploymentSamples.Running(),
            DeploymentSamples.Baking(),
            DeploymentSamples.Succeeded());
        var cli = new CliHarness();

        var code = await cli.RunAdvancingClockAsync(Step, 1000, "deploy", "2.0.0", "--watch", "--api", Api);

        Assert.Equal(0, code);
        var output = cli.Out;
        string[] lines =
        [
            "Watching dep-1 (2.0.0) (Ctrl+C stops watching; the deployment keeps running: cellctl deployments abort dep-1 stops it)",
            "dep-1 Pending",
            "dep-1 Running",
            "  wave 1 Deploying: c1",
            "    c1 Staging",
            "dep-1 Baking",
            "  wave 1 Baking: c1 (bake 10m, ends 2025-06-01 12:04:12Z)",
            "    c1 Deployed",
            "    gate wave 1 c1 peers errorRate: canary 0.2%, baseline 0.1%, threshold 5.1% → Pass",
            "dep-1 Succeeded",
            "  wave 2 Succeeded: c2, c3",
            "Deployment dep-1 (2.0.0) Succeeded: 2.0.0 runs on 3 of 3 planned cells.",
        ];
        var positions = lines.Select(l => output.IndexOf(l, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0, output));
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(string.Empty, cli.Error);
    }

    [Fact]
    public async Task DeployWatch_RolledBack_PrintsReasonEvidenceAndReportAndExits2()
    {
        _fake.RespondJson("POST", "/api/v1/deployments", 201, DeploymentSamples.Pending());
        _fake.RespondSequence("GET", "/api/v1/deployments/dep-1", DeploymentSamples.Baking(), DeploymentSamples.RolledBack());
        var cli = new CliHarness();

        var code = await cli.RunAdvancingClockAsync(Step, 1000, "deploy", "2.0.0", "--watch", "--api", Api);

        Assert.Equal(2, code);
        Assert.Contains("gate wave 2 c3 peers errorRate: canary 12.0%, baseline 0.1%, threshold 5.1% → Fail", cli.Out, StringComparison.Ordinal);
        Assert.Contains("    c3 RolledBack", cli.Out, StringComparison.Ordinal);
        Assert.Contains(
            "Deployment dep-1 (2.0.0) RolledBack: c3 failed the peers gate: error rate 12.0% against 0.1% (limit 5.1%); wave 2 rolled back (exit code 2)",
            cli.Error,
            StringComparison.Ordinal);
        Assert.Matches(@"│ previous │ 1\.0\.0 +│ c2, c3 +│ +0 │ +no data │ +no data │", cli.Out);
        Assert.Contains("Decided by: wave 2 c3 peers errorRate", cli.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeployWatchJson_PrintsOnlyTheFinalDeployment()
    {
        _fake.RespondJson("POST", "/api/v1/deployments", 201, DeploymentSamples.Pending());
        _fake.RespondSequence("GET", "/api/v1/deployments/dep-1", DeploymentSamples.Running(), DeploymentSamples.Succeeded());
        var cli = new CliHarness();

        var code = await cli.RunAdvancingClockAsync(Step, 1000, "deploy", "2.0.0", "--watch", "--json", "--api", Api);

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(cli.Out);
        Assert.Equal("Succeeded", document.RootElement.GetProperty("state").GetString());
    }
}
