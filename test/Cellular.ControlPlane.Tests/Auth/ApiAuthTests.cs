using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.ControlPlane.Tests.Auth;

/// <summary>What the issue asks to be shown of the API's authentication: 401, 403, revocation, expiry, roles, the audit's actor.</summary>
public sealed class ApiAuthTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new("cp-auth");
    private readonly TestClock _clock = new();
    private ControlPlaneApp _app = null!;
    private FakeCell _cell = null!;

    public async Task InitializeAsync()
    {
        _app = new ControlPlaneApp(_root.Path, new Dictionary<string, string?> { ["Cellular:ControlPlane:Health:Enabled"] = "false" }, _clock);
        _cell = await FakeCell.StartAsync("c1");
        using var admin = _app.Client();
        await admin.CreateStaticCellAsync(_cell);
        _cell.Secret = TestCredentials.SecretFor(_root.Path, "c1");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _cell.DisposeAsync();
        _root.Dispose();
    }

    [Theory]
    [InlineData("GET", "/api/v1/cells")]
    [InlineData("POST", "/api/v1/cells/c1/drain")]
    [InlineData("GET", "/api/v1/routing-table")]
    [InlineData("GET", "/api/v1/audit")]
    [InlineData("GET", "/api/v1/nothing-here")]
    public async Task Request_NoCredential_Returns401ProblemWithBearerChallenge(string method, string path)
    {
        using var client = _app.AnonymousClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Theory]
    [InlineData("cel_aaaaaaaaaaaa_nope")]
    [InlineData("cel_")]
    [InlineData("not-a-key")]
    public async Task Request_UnknownToken_Returns401(string token)
    {
        using var client = _app.ClientWithToken(token);

        using var response = await client.GetAsync("/api/v1/cells");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Request_TamperedSecretOfRealKey_Returns401()
    {
        var token = await _app.CreateKeyAsync("reader", ApiRole.ReadOnly);
        using var client = _app.ClientWithToken(token[..^2] + (token[^2..] == "AA" ? "BB" : "AA"));

        using var response = await client.GetAsync("/api/v1/cells");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Health_NoCredential_Returns200()
    {
        using var client = _app.AnonymousClient();

        using var response = await client.GetAsync("/api/v1/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ReadOnlyKey_Post_Returns403AndIsAudited()
    {
        using var reader = _app.ClientWithToken(await _app.CreateKeyAsync("reader", ApiRole.ReadOnly));

        using var read = await reader.GetAsync("/api/v1/cells");
        using var write = await reader.PostJsonAsync("/api/v1/tenants", """{"id":"acme"}""");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        await write.AssertProblemAsync(HttpStatusCode.Forbidden);
        var denied = (await AuditAsync("?action=auth.denied")).Items;
        var entry = Assert.Single(denied);
        Assert.Equal(("reader", "api/v1/tenants"), (entry.Actor, entry.Target));
        Assert.Equal(403, entry.Detail!.Value.GetProperty("status").GetInt32());
        Assert.Equal("POST", entry.Detail.Value.GetProperty("method").GetString());
        var tenants = _app.Services.GetRequiredService<Cellular.ControlPlane.Store.TenantStore>();
        Assert.Null(await _app.Services.GetRequiredService<Cellular.ControlPlane.Store.IStoreDatabase>().ReadAsync(tx => tenants.GetAsync(tx, "acme"), CancellationToken.None));
    }

    [Fact]
    public async Task Request_NoCredential_IsAuditedAsAnonymous()
    {
        using var client = _app.AnonymousClient();

        (await client.PostAsync("/api/v1/cells/c1/retire", null)).Dispose();

        var entry = Assert.Single((await AuditAsync("?action=auth.denied")).Items);
        Assert.Equal(("anonymous", 401), (entry.Actor, entry.Detail!.Value.GetProperty("status").GetInt32()));
    }

    [Fact]
    public async Task RevokedKey_Returns401()
    {
        using var admin = _app.Client();
        using var reader = _app.ClientWithToken(await _app.CreateKeyAsync("reader", ApiRole.ReadOnly));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/cells")).StatusCode);

        using var revoke = await admin.DeleteAsync("/api/v1/auth/keys/reader");
        using var after = await reader.GetAsync("/api/v1/cells");

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.NotNull((await revoke.ReadAsync(CellularJsonContext.Default.ApiKeyView)).RevokedAt);
        Assert.Contains("revoked", await after.AssertProblemAsync(HttpStatusCode.Unauthorized), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredKey_Returns401()
    {
        using var reader = _app.ClientWithToken(await _app.CreateKeyAsync("reader", ApiRole.ReadOnly, _clock.GetUtcNow().AddHours(1)));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/cells")).StatusCode);

        _clock.Advance(TimeSpan.FromHours(2));
        using var after = await reader.GetAsync("/api/v1/cells");

        Assert.Contains("expired", await after.AssertProblemAsync(HttpStatusCode.Unauthorized), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_ShowsTheKeysName_WhateverXCellularActorSays()
    {
        using var operatorClient = _app.ClientWithToken(await _app.CreateKeyAsync("ops-1", ApiRole.CellOperator));
        operatorClient.DefaultRequestHeaders.Add("X-Cellular-Actor", "somebody-else");

        using var response = await operatorClient.PostJsonAsync("/api/v1/tenants", """{"id":"acme"}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var entry = (await AuditAsync("?action=tenant.create")).Items.Single();
        Assert.Equal("ops-1", entry.Actor);
        Assert.DoesNotContain((await AuditAsync()).Items, e => e.Actor == "somebody-else");
    }

    [Fact]
    public async Task CellOperator_CanDrainButNotCreateOrRetireCells()
    {
        using var operatorClient = _app.ClientWithToken(await _app.CreateKeyAsync("ops", ApiRole.CellOperator));

        using var drain = await operatorClient.PostAsync("/api/v1/cells/c1/drain", null);
        using var create = await operatorClient.PostJsonAsync("/api/v1/cells", """{"id":"c2"}""");
        using var retire = await operatorClient.PostAsync("/api/v1/cells/c1/retire", null);
        using var keys = await operatorClient.GetAsync("/api/v1/auth/keys");

        Assert.Equal(HttpStatusCode.OK, drain.StatusCode);
        await create.AssertProblemAsync(HttpStatusCode.Forbidden);
        await retire.AssertProblemAsync(HttpStatusCode.Forbidden);
        await keys.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task RouterKey_CanReadRoutingTableAndAssertionKeysButNotCells()
    {
        using var router = _app.ClientWithToken(await _app.CreateKeyAsync("router", ApiRole.Router));

        using var table = await router.GetAsync("/api/v1/routing-table");
        using var delta = await router.GetAsync("/api/v1/routing-table/delta?since=1");
        using var keys = await router.GetAsync("/api/v1/auth/assertion-keys");
        using var whoami = await router.GetAsync("/api/v1/auth/whoami");
        using var cells = await router.GetAsync("/api/v1/cells");
        using var audit = await router.GetAsync("/api/v1/audit");

        Assert.Equal(HttpStatusCode.OK, table.StatusCode);
        Assert.True(delta.StatusCode is HttpStatusCode.OK or HttpStatusCode.Gone, delta.StatusCode.ToString());
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        Assert.Equal(new WhoAmI("router", ApiRole.Router, "api-key"), await whoami.ReadAsync(CellularJsonContext.Default.WhoAmI));
        await cells.AssertProblemAsync(HttpStatusCode.Forbidden);
        await audit.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ReadOnlyKey_CannotReadAssertionKeysOrCellSecrets()
    {
        using var reader = _app.ClientWithToken(await _app.CreateKeyAsync("reader", ApiRole.ReadOnly));

        using var keys = await reader.GetAsync("/api/v1/auth/assertion-keys");
        using var secret = await reader.GetAsync("/api/v1/cells/c1/secret");

        await keys.AssertProblemAsync(HttpStatusCode.Forbidden);
        await secret.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task DeniedAttempts_OverTheLimit_AreCountedInTheNextEntry()
    {
        await using var app = new ControlPlaneApp(
            _root.Combine("limited"),
            new Dictionary<string, string?> { ["Cellular:ControlPlane:Auth:DeniedAuditPerMinute"] = "2" },
            _clock);
        using var anonymous = app.AnonymousClient();
        using var admin = app.Client();

        for (var i = 0; i < 5; i++)
        {
            (await anonymous.GetAsync("/api/v1/cells")).Dispose();
        }

        _clock.Advance(TimeSpan.FromMinutes(1));
        (await anonymous.GetAsync("/api/v1/tenants")).Dispose();

        var denied = (await admin.GetFromJsonAsync("/api/v1/audit?action=auth.denied", CellularJsonContext.Default.PageAuditEntry))!.Items;
        Assert.Equal(3, denied.Count);
        Assert.Equal([3L, 0L, 0L], denied.Select(e => e.Detail!.Value.GetProperty("suppressed").GetInt64()));
    }

    private async Task<Page<AuditEntry>> AuditAsync(string query = "")
    {
        using var admin = _app.Client();
        return (await admin.GetFromJsonAsync("/api/v1/audit" + query, CellularJsonContext.Default.PageAuditEntry))!;
    }
}
