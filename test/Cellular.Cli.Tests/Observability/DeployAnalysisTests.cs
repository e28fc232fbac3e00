using System.Text.Json;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;

namespace Cellular.Cli.Tests.Observability;

/// <summary><c>cellctl deploy --analysis-file</c> and how <c>deployments show</c> renders analyses and their evidence.</summary>
public sealed class DeployAnalysisTests : IAsyncLifetime
{
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeControlPlane.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private string Api => _fake.Url.ToString();

    [Fact]
    public async Task Deploy_AnalysisFile_SendsTheAnalyses()
    {
        using var temp = new TempDirectory();
        var file = Path.Combine(temp.Path, "analysis.json");
        await File.WriteAllTextAsync(file, """
            [{"name":"error-rate","query":"cell:cellular_error_ratio:rate1m{cell=\"{{cell}}\"}","successCondition":"result < 0.05","failureLimit":2}]
            """);
        _fake.RespondJson("POST", "/api/v1/deployments", 201, DeploymentSamples.Pending());
        var cli = new CliHarness();

        var code = await cli.RunAsync("deploy", "2.0.0", "--analysis-file", file, "--api", Api);

        Assert.True(code == 0, cli.Error);
        using var body = JsonDocument.Parse(Assert.Single(_fake.RequestsTo("POST", "/api/v1/deployments")).Body);
        var analysis = Assert.Single(body.RootElement.GetProperty("analysis").EnumerateArray());
        Assert.Equal("error-rate", analysis.GetProperty("name").GetString());
        Assert.Equal("cell:cellular_error_ratio:rate1m{cell=\"{{cell}}\"}", analysis.GetProperty("query").GetString());
        Assert.Equal("result < 0.05", analysis.GetProperty("successCondition").GetString());
        Assert.Equal(2, analysis.GetProperty("failureLimit").GetInt32());
    }

    [Theory]
    [InlineData("[{\"name\":\"a\",\"query\":\"up\",\"successCondition\":\"result > 0\",\"oops\":1}]", "is not a JSON list of analyses")]
    [InlineData("not json", "is not a JSON list of analyses")]
    [InlineData(null, "cannot be read")]
    public async Task Deploy_BadAnalysisFile_FailsBeforeCallingTheControlPlane(string? content, string expected)
    {
        using var temp = new TempDirectory();
        var file = Path.Combine(temp.Path, "analysis.json");
        if (content is not null)
        {
            await File.WriteAllTextAsync(file, content);
        }

        var cli = new CliHarness();

        var code = await cli.RunAsync("deploy", "2.0.0", "--analysis-file", file, "--api", Api);

        Assert.Equal(1, code);
        Assert.Contains(expected, cli.Error, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task Show_DeploymentWithAnalysis_ListsItAndItsEvidence()
    {
        var deployment = DeploymentSamples.RolledBack() with
        {
            Analysis = [new DeploymentAnalysis("error-rate", "x{cell=\"{{cell}}\"}", "result < 0.05", 0)],
            Evidence =
            [
                new GateDecision(DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), 1, "c3", "prometheus", "error-rate", 0.25, null, 0.05, GateVerdict.Fail,
                    "error-rate on c3: `x{cell=\"c3\"}` returned 0.25: result < 0.05 does not hold"),
            ],
        };
        _fake.RespondJson("GET", "/api/v1/deployments/dep-1", 200, deployment);
        var cli = new CliHarness();

        var code = await cli.RunAsync("deployments", "show", "dep-1", "--api", Api);

        Assert.True(code == 0, cli.Error);
        Assert.Contains("error-rate: Prometheus result < 0.05 (the first failure fails the wave)", cli.Out, StringComparison.Ordinal);
        Assert.Contains("prometheus", cli.Out, StringComparison.Ordinal);
        Assert.Contains("0.25", cli.Out, StringComparison.Ordinal);
    }
}
