using System.Text.Json;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;

namespace Cellular.Cli.Tests.Commands;

public sealed class TokensCommandTests : IAsyncLifetime
{
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeControlPlane.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Issue_PrintsTheJwtAloneOnOneLine()
    {
        _fake.RespondJson("POST", "/api/v1/auth/tenant-tokens", 200, new TenantToken("eyJ.eyJ.sig", "acme", Samples.Now.AddHours(2)));
        var cli = new CliHarness();

        var code = await cli.RunAsync("tokens", "issue", "--tenant", "acme", "--ttl", "2h", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Equal("eyJ.eyJ.sig" + Environment.NewLine, cli.Out);
        var request = Assert.Single(_fake.Requests);
        Assert.Equal("Bearer " + FakeControlPlane.Token, request.Headers["Authorization"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("acme", body.RootElement.GetProperty("tenant").GetString());
        Assert.Equal(7200, body.RootElement.GetProperty("ttlSeconds").GetInt32());
    }

    [Fact]
    public async Task Issue_IssuerOff_PrintsTheProblem()
    {
        _fake.RespondProblem("POST", "/api/v1/auth/tenant-tokens", 404, "Tenant issuer not enabled", "Start the stack with cellctl up --tenant-auth jwt.");
        var cli = new CliHarness();

        var code = await cli.RunAsync("tokens", "issue", "--tenant", "acme", "--api", _fake.Url.ToString());

        Assert.Equal(1, code);
        Assert.Empty(cli.Out);
        Assert.Contains("--tenant-auth jwt", cli.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad tenant", "--ttl", "1h")]
    [InlineData("acme", "--ttl", "25h")]
    public async Task Issue_BadInput_RejectedBeforeAnyCall(string tenant, string option, string value)
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("tokens", "issue", "--tenant", tenant, option, value, "--api", _fake.Url.ToString());

        Assert.Equal(1, code);
        Assert.Empty(_fake.Requests);
    }
}
