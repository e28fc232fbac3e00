using System.Text.Json;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;

namespace Cellular.Cli.Tests.Commands;

public sealed class AuthCommandTests : IAsyncLifetime
{
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeControlPlane.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task KeysCreate_Created_PrintsTheTokenAloneOnStdoutAndWarnsItIsNotShownAgain()
    {
        _fake.RespondJson("POST", "/api/v1/auth/keys", 201, new CreatedApiKey("k1", "ci", ApiRole.ReadOnly, "cel_abc_secret", Samples.Now, "admin", Samples.Now.AddDays(30)));
        var cli = new CliHarness();

        var code = await cli.RunAsync("auth", "keys", "create", "ci", "--role", "readonly", "--expires", "30d", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Equal("cel_abc_secret", cli.Out.Trim());
        Assert.Contains("shown this once and never again", cli.Error, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(Assert.Single(_fake.Requests).Body);
        Assert.Equal("ci", body.RootElement.GetProperty("name").GetString());
        Assert.Equal("ReadOnly", body.RootElement.GetProperty("role").GetString());
        Assert.Equal(Samples.Now.AddDays(30), body.RootElement.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task KeysCreate_ExpiresAsDate_SendsMidnightUtc()
    {
        _fake.RespondJson("POST", "/api/v1/auth/keys", 201, new CreatedApiKey("k1", "ops", ApiRole.CellOperator, "cel_x_y", Samples.Now, "admin"));
        var cli = new CliHarness();

        var code = await cli.RunAsync("auth", "keys", "create", "ops", "--role", "CellOperator", "--expires", "2027-01-01", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        using var body = JsonDocument.Parse(Assert.Single(_fake.Requests).Body);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), body.RootElement.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("--role", "Root", "is not one of ReadOnly, CellOperator, Admin, Router")]
    [InlineData("--expires", "yesterday", "is neither a duration")]
    [InlineData("--expires", "2020-01-01", "is not in the future")]
    public async Task KeysCreate_BadOption_RejectedBeforeAnyCall(string option, string value, string expected)
    {
        var cli = new CliHarness();
        string[] args = option == "--role"
            ? ["auth", "keys", "create", "ci", option, value, "--api", _fake.Url.ToString()]
            : ["auth", "keys", "create", "ci", "--role", "Admin", option, value, "--api", _fake.Url.ToString()];

        var code = await cli.RunAsync(args);

        Assert.Equal(1, code);
        Assert.Contains(expected, cli.Error, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task KeysCreate_BadName_Rejected()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("auth", "keys", "create", "no spaces", "--role", "Admin", "--api", _fake.Url.ToString());

        Assert.Equal(1, code);
        Assert.Contains("is not 1–64 of letters", cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysCreate_NameTaken_PrintsConflict()
    {
        _fake.RespondProblem("POST", "/api/v1/auth/keys", 409, "Key name taken", "There is already a key named 'ci'.");
        var cli = new CliHarness();

        var code = await cli.RunAsync("auth", "keys", "create", "ci", "--role", "Admin", "--api", _fake.Url.ToString());

        Assert.Equal(1, code);
        Assert.Contains("There is already a key named 'ci'.", cli.Error, StringComparison.Ordinal);
        Assert.Empty(cli.Out);
    }

    [Fact]
    public async Task KeysList_PrintsStatesAndNeverAToken()
    {
        _fake.RespondJson("GET", "/api/v1/auth/keys", 200, new List<ApiKeyView>
        {
            new("k1", "admin", ApiRole.Admin, Samples.Created, "bootstrap", LastUsedAt: Samples.Now.AddSeconds(-5)),
            new("k2", "old-ci", ApiRole.ReadOnly, Samples.Created, "admin", RevokedAt: Samples.Created),
            new("k3", "temp", ApiRole.CellOperator, Samples.Created, "admin", ExpiresAt: Samples.Now.AddMinutes(-1)),
        });
        var cli = new CliHarness();

        var code = await cli.RunAsync("auth", "keys", "list", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Contains("active", cli.Out, StringComparison.Ordinal);
        Assert.Contains("revoked", cli.Out, StringComparison.Ordinal);
        Assert.Contains("expired", cli.Out, StringComparison.Ordinal);
        Assert.Contains("CellOperator", cli.Out, StringComparison.Ordinal);
        Assert.Contains("5s ago", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysRevoke_Revoked_DeletesByNameAndConfirms()
    {
        _fake.RespondJson("DELETE", "/api/v1/auth/keys/ci", 200, new ApiKeyView("k2", "ci", ApiRole.ReadOnly, Samples.Created, "admin", RevokedAt: Samples.Now));
        var cli = new CliHarness();

        var code = await cli.RunAsync("auth", "keys", "revoke", "ci", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Single(_fake.RequestsTo("DELETE", "/api/v1/auth/keys/ci"));
        Assert.Contains("Revoked key ci (role ReadOnly); it no longer works.", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhoAmI_PrintsNameRoleAndWhereTheKeyCameFrom()
    {
        _fake.RespondJson("GET", "/api/v1/auth/whoami", 200, new WhoAmI("admin", ApiRole.Admin, "api-key"));
        var cli = new CliHarness();

        var code = await cli.RunAsync("auth", "whoami", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Contains("admin (role Admin, api-key)", cli.Out, StringComparison.Ordinal);
        Assert.Contains("key from $CELLULAR_TOKEN", cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CellsSecret_PrintsTheSecretAloneAndHowToUseIt()
    {
        _fake.RespondJson("GET", "/api/v1/cells/s1/secret", 200, new CellSecretView("s1", "c2VjcmV0"));
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", "secret", "s1", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Equal("c2VjcmV0", cli.Out.Trim());
        Assert.Contains("Cellular__Cell__Auth__Secret", cli.Error, StringComparison.Ordinal);
    }
}
