using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.EndToEnd.Tests.Infrastructure;

namespace Cellular.EndToEnd.Tests;

/// <summary>
/// The control plane's API with auth on, as <c>cellctl up</c> runs it: no key → 401, a role too
/// low → 403 and audited, and the audit names the key whatever <c>X-Cellular-Actor</c> claims.
/// </summary>
public sealed class ApiAuthTests(TwoCellStack fixture) : IClassFixture<TwoCellStack>
{
    private readonly Stack _stack = fixture.Stack;

    [Theory]
    [InlineData("GET", "/api/v1/cells")]
    [InlineData("GET", "/api/v1/tenants")]
    [InlineData("GET", "/api/v1/audit")]
    [InlineData("POST", "/api/v1/tenants")]
    [InlineData("GET", "/api/v1/auth/keys")]
    [InlineData("GET", "/api/v1/auth/assertion-keys")]
    [InlineData("GET", "/api/v1/cells/c1/secret")]
    public async Task Api_NoCredential_401ProblemWithBearerChallenge(string method, string path)
    {
        using var anonymous = new HttpClient { BaseAddress = _stack.Local.ApiUrl };
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { id = "sneaky" });
        }

        using var response = await anonymous.SendAsync(request);

        Stack.AssertProblem(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task Api_HealthAndJwks_StayAnonymous()
    {
        using var anonymous = new HttpClient { BaseAddress = _stack.Local.ApiUrl };

        using var health = await anonymous.GetAsync("/api/v1/health");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Api_ReadOnlyKeyPost_403AndAuditedUnderTheKeysNameNotTheHeader()
    {
        var name = "ro-" + Guid.NewGuid().ToString("N")[..8];
        var key = await CreateKeyAsync(name, "ReadOnly");
        using var client = Client(key.Token);

        using var read = await client.GetAsync("/api/v1/cells");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tenants") { Content = JsonContent.Create(new { id = "ro-write" }) };
        request.Headers.TryAddWithoutValidation("X-Cellular-Actor", "mallory");
        using var write = await client.SendAsync(request);

        Stack.AssertProblem(write, HttpStatusCode.Forbidden);
        using var missing = await _stack.Api.GetAsync("/api/v1/tenants/ro-write");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var denied = await AuditAsync($"actor={name}&action=auth.denied");
        var entry = Assert.Single(denied.Items);
        Assert.Equal(name, entry.Actor);
        Assert.Equal(403, entry.Detail!.Value.GetProperty("status").GetInt32());
        Assert.Equal(0, (await AuditAsync("actor=mallory")).Total);
    }

    [Fact]
    public async Task Api_OperatorKeyWithForgedActorHeader_AuditShowsTheKeysName()
    {
        var name = "ops-" + Guid.NewGuid().ToString("N")[..8];
        var key = await CreateKeyAsync(name, "CellOperator");
        using var client = Client(key.Token);
        var tenant = "audited-" + Guid.NewGuid().ToString("N")[..8];

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tenants") { Content = JsonContent.Create(new { id = tenant }) };
        request.Headers.TryAddWithoutValidation("X-Cellular-Actor", "someone-else");
        using var created = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var mine = await AuditAsync($"actor={name}");
        Assert.Contains(mine.Items, e => e.Target.Contains(tenant, StringComparison.Ordinal));
        Assert.Equal(0, (await AuditAsync("actor=someone-else")).Total);
    }

    [Fact]
    public async Task Api_RevokedKey_401()
    {
        var name = "gone-" + Guid.NewGuid().ToString("N")[..8];
        var key = await CreateKeyAsync(name, "Admin");
        using var client = Client(key.Token);
        using (var before = await client.GetAsync("/api/v1/auth/whoami"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            Assert.Equal(name, (await before.Content.ReadFromJsonAsync(CellularJsonContext.Default.WhoAmI))!.Name);
        }

        using var revoke = await _stack.Api.DeleteAsync($"/api/v1/auth/keys/{name}");
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        using var after = await client.GetAsync("/api/v1/cells");
        Stack.AssertProblem(after, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Api_RouterKey_ReadsTheTableButNothingElse()
    {
        var routerToken = (await File.ReadAllTextAsync(_stack.Local.RouterTokenFile)).Trim();
        using var client = Client(routerToken);

        using var table = await client.GetAsync("/api/v1/routing-table");
        using var cells = await client.GetAsync("/api/v1/cells");

        Assert.Equal(HttpStatusCode.OK, table.StatusCode);
        Stack.AssertProblem(cells, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Cellctl_KeyCreatedAndUsed_WhoAmIAndAuditShowItsName()
    {
        var name = "cli-" + Guid.NewGuid().ToString("N")[..8];
        var tenant = "cli-tenant-" + Guid.NewGuid().ToString("N")[..8];
        string[] stack = ["--api", _stack.Local.ApiUrl.ToString(), "--data-dir", _stack.DataDirectory];

        var created = await Cellctl.RunAsync(null, ["auth", "keys", "create", name, "--role", "CellOperator", "--expires", "1d", .. stack]);
        Assert.True(created.ExitCode == 0, created.Error);
        var token = created.Out.Trim();
        Assert.StartsWith("cel_", token, StringComparison.Ordinal);
        Assert.Contains("never again", created.Error, StringComparison.Ordinal);

        var operatorEnvironment = new Dictionary<string, string> { ["CELLULAR_TOKEN"] = token };
        var whoami = await Cellctl.RunAsync(operatorEnvironment, ["auth", "whoami", "--json", .. stack]);
        Assert.True(whoami.ExitCode == 0, whoami.Error);
        Assert.Contains($"\"name\": \"{name}\"", whoami.Out, StringComparison.Ordinal);

        var made = await Cellctl.RunAsync(operatorEnvironment, ["tenants", "create", tenant, .. stack]);
        Assert.True(made.ExitCode == 0, made.Error);
        var refused = await Cellctl.RunAsync(operatorEnvironment, ["auth", "keys", "list", .. stack]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("HTTP 403", refused.Error, StringComparison.Ordinal);

        var audit = await Cellctl.RunAsync(null, ["audit", "--actor", name, "--all", "--json", .. stack]);
        Assert.True(audit.ExitCode == 0, audit.Error);
        var page = System.Text.Json.JsonSerializer.Deserialize(audit.Out, CellularJsonContext.Default.PageAuditEntry)!;
        Assert.All(page.Items, e => Assert.Equal(name, e.Actor));
        Assert.Contains(page.Items, e => e.Target.Contains(tenant, StringComparison.Ordinal));
        Assert.Contains(page.Items, e => e.Action == "auth.denied");
    }

    private async Task<CreatedApiKey> CreateKeyAsync(string name, string role)
    {
        using var response = await _stack.Api.PostAsJsonAsync("/api/v1/auth/keys", new { name, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(CellularJsonContext.Default.CreatedApiKey))!;
    }

    private async Task<Page<AuditEntry>> AuditAsync(string query) =>
        (await _stack.Api.GetFromJsonAsync("/api/v1/audit?limit=100&" + query, CellularJsonContext.Default.PageAuditEntry))!;

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = _stack.Local.ApiUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
