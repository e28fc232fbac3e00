using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.ControlPlane.Tests.Deployments;

/// <summary><c>/api/v1/deployments</c>: what it accepts, what it refuses (with a message naming the field), who may call it, and the version ledger.</summary>
public sealed class DeploymentApiTests : IAsyncLifetime
{
    private DeploymentHarness _h = null!;

    public async Task InitializeAsync() => _h = await DeploymentHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Create_ValidRequest_Returns201WithThePlanAndLocation()
    {
        using var response = await _h.PostDeploymentAsync("""{"version":"2.0.0","waves":[["s1"],["p1","p2"]],"bakeSeconds":7,"name":"spring"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var deployment = await response.ReadAsync(CellularJsonContext.Default.Deployment);
        Assert.StartsWith("dep-", deployment.Id, StringComparison.Ordinal);
        Assert.Equal($"/api/v1/deployments/{deployment.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(DeploymentState.Pending, deployment.State);
        Assert.Equal(("2.0.0", "spring", "tester"), (deployment.Version, deployment.Name, deployment.CreatedBy));
        Assert.Equal(new[] { new[] { "s1" }, new[] { "p1", "p2" } }, deployment.Waves.Select(w => w.Cells.ToArray()).ToArray());
        Assert.Equal(7, deployment.Waves[0].BakeSeconds);
        Assert.Equal(14, deployment.Waves[1].BakeSeconds);
        Assert.All(deployment.Cells, c => Assert.Equal(DeploymentCellState.Pending, c.State));

        var json = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"state\":\"Pending\"", json, StringComparison.Ordinal);
        var fetched = await _h.GetDeploymentAsync(deployment.Id);
        Assert.Equal(deployment.Waves.Count, fetched.Waves.Count);
    }

    [Theory]
    [InlineData("{}", "'version'")]
    [InlineData("""{"version":""}""", "'version'")]
    [InlineData("""{"version":"2.0.0 beta"}""", "version")]
    [InlineData("""{"version":"2.0.0","config":{"Cellular:Cell:Id":"other"}}""", "reserved")]
    [InlineData("""{"version":"2.0.0","config":{"urls":"http://0.0.0.0:80"}}""", "reserved")]
    [InlineData("""{"version":"2.0.0","approval":"sometimes"}""", "'approval'")]
    [InlineData("""{"version":"2.0.0","waves":[["p1"]],"cells":["p2"]}""", "'waves'")]
    [InlineData("""{"version":"2.0.0","waves":[["p1"],[]]}""", "Wave 1")]
    [InlineData("""{"version":"2.0.0","waves":[["p1"],["p1"]]}""", "more than one wave")]
    [InlineData("""{"version":"2.0.0","bakeSeconds":-1}""", "'bakeSeconds'")]
    [InlineData("""{"version":"2.0.0","maxParallel":0}""", "'maxParallel'")]
    [InlineData("""{"version":"2.0.0","gates":{"errorRateIncrease":2}}""", "'gates.errorRateIncrease'")]
    [InlineData("""{"version":"2.0.0","cells":[]}""", "'cells'")]
    public async Task Create_InvalidRequest_Returns400NamingTheField(string body, string named)
    {
        using var response = await _h.PostDeploymentAsync(body);

        var detail = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(named, detail, StringComparison.Ordinal);
        await AssertNothingCreatedAsync();
    }

    [Theory]
    [InlineData("""{"version":"2.0.0","cellz":["p1"]}""")]
    [InlineData("""{"version":"2.0.0","gates":{"minRequest":5}}""")]
    [InlineData("""["2.0.0"]""")]
    [InlineData("not json")]
    public async Task Create_UnknownPropertyOrMalformedBody_Returns400(string body)
    {
        using var response = await _h.PostDeploymentAsync(body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        await AssertNothingCreatedAsync();
    }

    [Fact]
    public async Task Create_UnknownCellInWaves_Returns404NamingIt()
    {
        using var response = await _h.PostDeploymentAsync("""{"version":"2.0.0","waves":[["p1"],["nope"]]}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("nope", detail, StringComparison.Ordinal);
        await AssertNothingCreatedAsync();
    }

    [Fact]
    public async Task Create_StaticCellInWaves_Returns400SayingCellularCannotDeployIt()
    {
        await using var outside = await FakeCell.StartAsync("st1");
        await _h.Client.CreateStaticCellAsync(outside);

        using var response = await _h.PostDeploymentAsync("""{"version":"2.0.0","waves":[["p1","st1"]]}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("'st1'", detail, StringComparison.Ordinal);
        Assert.Contains("static", detail, StringComparison.Ordinal);
        await AssertNothingCreatedAsync();
    }

    [Fact]
    public async Task Create_DefaultPlan_LeavesStaticCellsOut()
    {
        await using var outside = await FakeCell.StartAsync("st1");
        await _h.Client.CreateStaticCellAsync(outside);

        var deployment = await _h.CreateDeploymentAsync("""{"version":"2.0.0"}""");

        Assert.Equal(["p1", "p2", "p3", "s1"], deployment.Cells.Select(c => c.Cell).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadOnlyKey_CanReadButNotCreateOrControl()
    {
        var deployment = await _h.CreateDeploymentAsync("""{"version":"2.0.0","waves":[["p1"]]}""");
        using var reader = _h.App.ClientWithToken(await _h.App.CreateKeyAsync("reader", ApiRole.ReadOnly));

        using (var create = await reader.PostJsonAsync("/api/v1/deployments", """{"version":"3.0.0","waves":[["p2"]]}"""))
        {
            await create.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        foreach (var action in new[] { "pause", "resume", "abort", "approve" })
        {
            using var control = await reader.PostAsync($"/api/v1/deployments/{deployment.Id}/{action}", null);
            await control.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        using (var freeze = await reader.PostAsync("/api/v1/deployments/freeze", null))
        {
            await freeze.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        var list = await reader.GetFromJsonAsync("/api/v1/deployments", CellularJsonContext.Default.ListDeployment);
        Assert.Equal(deployment.Id, Assert.Single(list!).Id);
        var one = await reader.GetFromJsonAsync($"/api/v1/deployments/{deployment.Id}", CellularJsonContext.Default.Deployment);
        Assert.Equal("2.0.0", one!.Version);
        var frozen = await reader.GetFromJsonAsync("/api/v1/deployments/freeze", CellularJsonContext.Default.DeploymentFreeze);
        Assert.False(frozen!.Engaged);
        using var ledger = await reader.GetAsync("/api/v1/deployments/ledger");
        Assert.Equal(HttpStatusCode.OK, ledger.StatusCode);

        using var anonymous = _h.App.AnonymousClient();
        using var refused = await anonymous.GetAsync("/api/v1/deployments");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Theory]
    [InlineData("dep-999")]
    [InlineData("no-such-thing")]
    public async Task Get_UnknownId_Returns404(string id)
    {
        using var response = await _h.Client.GetAsync($"/api/v1/deployments/{id}");

        var detail = await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains(id, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_UnknownId_Returns404()
    {
        using var response = await _h.ControlAsync("dep-999", "pause");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Control_ReasonWithControlCharacters_Returns400()
    {
        var deployment = await _h.CreateDeploymentAsync("""{"version":"2.0.0","waves":[["p1"]]}""");

        using var response = await _h.Client.PostJsonAsync($"/api/v1/deployments/{deployment.Id}/pause", """{"reason":"a\u0007b"}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("'reason'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ledger_ShowsWhichCellsRunWhichVersionAndTheSkew()
    {
        var before = await GetLedgerAsync();
        var only = Assert.Single(before.Versions);
        Assert.Equal(("1.0.0", 400L), (only.Version, only.Requests));
        Assert.Equal(["p1", "p2", "p3", "s1"], only.Cells);
        Assert.False(before.Skew);
        Assert.Null(before.StatsError);

        _h.StatsOf = (cell, version) => version == "2.0.0" ? FakeRouter.Cell(cell, 200, errors: 2, p99Ms: 40) : FakeRouter.Cell(cell, 100);
        var deployment = await _h.CreateDeploymentAsync("""{"version":"2.0.0","cells":["p1"],"bakeSeconds":5,"firstProductionBakeSeconds":5}""");
        var done = await _h.AdvanceUntilAsync(deployment.Id, d => d.State.IsFinal(), "the A/B deployment ends");
        Assert.True(done.State == DeploymentState.Succeeded, DeploymentHarness.Describe(done));

        var after = await GetLedgerAsync();
        Assert.True(after.Skew);
        Assert.Equal(["1.0.0", "2.0.0"], after.Versions.Select(v => v.Version));
        var old = after.Versions[0];
        Assert.Equal(["p2", "p3", "s1"], old.Cells);
        Assert.Equal(300, old.Requests);
        Assert.Equal(0.0, old.ErrorRate);
        var fresh = after.Versions[1];
        Assert.Equal(["p1"], fresh.Cells);
        Assert.Equal(200, fresh.Requests);
        Assert.Equal(0.01, fresh.ErrorRate);
        Assert.Equal(40.0, fresh.P99Ms);

        var report = done.Report;
        Assert.NotNull(report);
        var release = Assert.Single(report.Groups, g => g.Group == "release");
        Assert.Equal(["p1"], release.Cells);
        Assert.Equal(0.01, release.ErrorRate);
        Assert.Equal(["p2", "p3", "s1"], Assert.Single(report.Groups, g => g.Group == "previous").Cells);
    }

    [Fact]
    public async Task Ledger_WithoutRouterStats_StillListsVersionsAndSaysWhy()
    {
        _h.Router.Status = 503;

        var ledger = await GetLedgerAsync();

        Assert.Equal(["p1", "p2", "p3", "s1"], Assert.Single(ledger.Versions).Cells);
        Assert.Contains("503", ledger.StatsError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Freeze_EngageAndRelease_ShowsWhoAndWhy()
    {
        using (var engage = await _h.Client.PostJsonAsync("/api/v1/deployments/freeze", """{"reason":"incident 42"}"""))
        {
            var freeze = await engage.ReadAsync(CellularJsonContext.Default.DeploymentFreeze);
            Assert.Equal((true, "incident 42", "tester"), (freeze.Engaged, freeze.Reason, freeze.ChangedBy));
        }

        var shown = await _h.Client.GetFromJsonAsync("/api/v1/deployments/freeze", CellularJsonContext.Default.DeploymentFreeze);
        Assert.True(shown!.Engaged);

        using var release = await _h.Client.DeleteAsync("/api/v1/deployments/freeze");
        var released = await release.ReadAsync(CellularJsonContext.Default.DeploymentFreeze);
        Assert.False(released.Engaged);
        Assert.Null(released.Reason);

        using var bad = await _h.Client.PostJsonAsync("/api/v1/deployments/freeze", """{"why":"typo"}""");
        await bad.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    private async Task<VersionLedger> GetLedgerAsync() =>
        (await _h.Client.GetFromJsonAsync("/api/v1/deployments/ledger", CellularJsonContext.Default.VersionLedger))!;

    private async Task AssertNothingCreatedAsync()
    {
        var list = await _h.Client.GetFromJsonAsync("/api/v1/deployments", CellularJsonContext.Default.ListDeployment);
        Assert.Empty(list!);
    }
}
