using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cellular.Core;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Security;
using Cellular.EndToEnd.Tests.Infrastructure;

namespace Cellular.EndToEnd.Tests;

/// <summary>
/// A cell's <c>/_cell/*</c> endpoints belong to the control plane: through the router no path
/// reaches them whatever the tenant key and encoding, and on the cell's own port they want the
/// control plane's credential; tenant requests straight to a cell want the router's assertion.
/// Every attempt is checked for having changed nothing.
/// </summary>
public sealed class CellInternalsTests(ThreeCellStack fixture) : IClassFixture<ThreeCellStack>
{
    private const string CrashFault = """{"kind":"crash","durationSeconds":60}""";
    private const string ErrorFault = """{"kind":"error","durationSeconds":60}""";
    private const string HugeEpoch = """{"epoch":9223372036854775000}""";

    private readonly Stack _stack = fixture.Stack;

    /// <summary>Method, target (as sent, unnormalised; {victim} and {attacker} are replaced), body.</summary>
    public static TheoryData<string, string, string?> EvilRequests => new()
    {
        { "POST", "/_cell/faults", CrashFault },
        { "POST", "/_CELL/faults", CrashFault },
        { "POST", "/_Cell/Faults", ErrorFault },
        { "POST", "/%5Fcell/faults", CrashFault },
        { "POST", "/%5fcell/faults", CrashFault },
        { "POST", "/_cell%2Ffaults", CrashFault },
        { "POST", "/_cell%2ffaults", CrashFault },
        { "POST", "//_cell/faults", CrashFault },
        { "POST", "/./_cell/faults", CrashFault },
        { "POST", "/notes/../_cell/faults", CrashFault },
        { "POST", "/notes/%2e%2e/_cell/faults", CrashFault },
        { "POST", "/notes/%2E%2E/_cell/faults", CrashFault },
        { "POST", "/notes/..%2F_cell/faults", CrashFault },
        { "POST", "/%2F_cell/faults", CrashFault },
        { "POST", "/%2e/_cell/faults", CrashFault },
        { "POST", "/t/{attacker}/_cell/faults", CrashFault },
        { "POST", "/t/{attacker}//_cell/faults", CrashFault },
        { "POST", "/t/{attacker}/./_cell/faults", CrashFault },
        { "POST", "/t/{attacker}/%5Fcell/faults", CrashFault },
        { "POST", "/t/{attacker}/x/../_cell/faults", CrashFault },
        { "POST", "/t/{victim}/_cell/faults", CrashFault },
        { "GET", "/_cell", null },
        { "GET", "/_cell/", null },
        { "GET", "/_cell/info", null },
        { "GET", "/_cell/tenants/{victim}/export", null },
        { "GET", "/_CELL/tenants/{victim}/export", null },
        { "GET", "/%5Fcell/tenants/{victim}/export", null },
        { "GET", "/t/{attacker}/_cell/tenants/{victim}/export", null },
        { "GET", "/_cell/tenants/{victim}/changes?after=0", null },
        { "DELETE", "/_cell/tenants/{victim}", null },
        { "DELETE", "/%5Fcell/tenants/{victim}", null },
        { "DELETE", "/t/{attacker}/_cell/tenants/{victim}", null },
        { "POST", "/_cell/tenants/{victim}/fence", HugeEpoch },
        { "POST", "/t/{attacker}/%5fcell/tenants/{victim}/fence", HugeEpoch },
        { "POST", "/_cell/tenants/{victim}/import", "{}" },
    };

    [Theory]
    [MemberData(nameof(EvilRequests))]
    public async Task Router_PathToCellInternals_NeverReachesACellAndChangesNothing(string method, string target, string? body)
    {
        var (victim, attacker) = await VictimAndAttackerAsync();
        var epochBefore = (await _stack.Local.Client.GetTenantAsync(victim.Id)).Epoch;
        var path = target.Replace("{victim}", victim.Id, StringComparison.Ordinal).Replace("{attacker}", attacker.Id, StringComparison.Ordinal);

        foreach (var tenantKey in new[] { attacker.Id, victim.Id })
        {
            var response = await RawHttp.SendAsync(_stack.Local.RouterUrl, method, path, new Dictionary<string, string> { [CellularHeaders.TenantId] = tenantKey }, body);

            Assert.True(response.Status is 404 or 400, $"{method} {path} as {tenantKey} through the router answered {response.Status}:\n{response.Text}");
            Assert.False(response.Headers.ContainsKey(CellularHeaders.CellId), $"{method} {path} as {tenantKey} was forwarded to a cell");
        }

        await AssertNothingChangedAsync(victim, epochBefore);
    }

    [Fact]
    public async Task RouterStats_WithoutTheRoutersAdminToken_401AndTheControlPlaneStillReadsThem()
    {
        using var anonymous = await _stack.Router.GetAsync(new Uri("/_router/stats", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_router/stats");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(_stack.Local.RouterAdminTokenFile)).Trim());
        using var admin = await _stack.Router.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_stack.Local.RouterAdminTokenFile));
        }
    }

    [Fact]
    public async Task Cell_TenantRequestWithoutAssertion_401AndTheAppNeverRuns()
    {
        var (victim, _) = await VictimAndAttackerAsync();
        using var cell = new HttpClient { BaseAddress = await _stack.CellEndpointAsync(victim.Cell) };

        using var read = await cell.SendAsync(DirectTenantRequest(HttpMethod.Get, victim, assertion: null));
        using var write = await cell.SendAsync(DirectTenantRequest(HttpMethod.Post, victim, assertion: null, new { text = "forged" }));

        Stack.AssertProblem(read, HttpStatusCode.Unauthorized);
        Assert.Contains(read.Headers.WwwAuthenticate, h => h.Scheme == "CellularAssertion");
        Stack.AssertProblem(write, HttpStatusCode.Unauthorized);
        await AssertNothingChangedAsync(victim, victim.Epoch);
    }

    [Fact]
    public async Task Cell_AssertionForAnotherCellOrExpired_401_ValidOne200()
    {
        var (victim, _) = await VictimAndAttackerAsync();
        var keys = (await _stack.Api.GetFromJsonAsync("/api/v1/auth/assertion-keys", CellularJsonContext.Default.AssertionKeySet))!;
        var other = keys.Cells.First(c => c.Cell != victim.Cell);
        var own = keys.Cells.Single(c => c.Cell == victim.Cell);
        var now = TimeProvider.System.GetUtcNow();
        using var cell = new HttpClient { BaseAddress = await _stack.CellEndpointAsync(victim.Cell) };

        var forOtherCell = Assertion(other, keys.Generation, other.Cell, victim, now.AddSeconds(60));
        var signedWithOtherKey = Assertion(other, keys.Generation, victim.Cell, victim, now.AddSeconds(60));
        var expired = Assertion(own, keys.Generation, victim.Cell, victim, now.AddMinutes(-10));
        var valid = Assertion(own, keys.Generation, victim.Cell, victim, now.AddSeconds(60));

        foreach (var bad in new[] { forOtherCell, signedWithOtherKey, expired, "ta1:garbage" })
        {
            using var refused = await cell.SendAsync(DirectTenantRequest(HttpMethod.Get, victim, bad));
            Stack.AssertProblem(refused, HttpStatusCode.Unauthorized);
        }

        using var accepted = await cell.SendAsync(DirectTenantRequest(HttpMethod.Get, victim, valid));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Cell_InternalsWithoutTheControlCredential_401Or403AndNothingChanged()
    {
        var (victim, _) = await VictimAndAttackerAsync();
        var cells = await _stack.Local.Client.ListCellsAsync();
        var otherCell = cells.First(c => c.Id != victim.Cell && c.State != Cellular.Core.Model.CellState.Retired).Id;
        var endpoint = await _stack.CellEndpointAsync(victim.Cell);
        var routerToken = (await File.ReadAllTextAsync(_stack.Local.RouterTokenFile)).Trim();
        // 401 when missing, bad or expired; a valid credential of another cell: 403 (or 401 if the cell checks the MAC first).
        var credentials = new (string? Authorization, int[] Expected)[]
        {
            (null, [401]),
            ("Bearer nonsense", [401]),
            ("Bearer " + _stack.AdminToken, [401]),
            ("Bearer " + routerToken, [401]),
            ("Bearer " + await _stack.ControlCredentialAsync(victim.Cell, "GET", "/_cell/info", TimeSpan.FromMinutes(-5)), [401]),
            ("Bearer " + await _stack.ControlCredentialAsync(otherCell, "GET", "/_cell/info"), [403, 401]),
        };
        var requests = new (string Method, string Path, string? Body)[]
        {
            ("POST", "/_cell/faults", CrashFault),
            ("GET", $"/_cell/tenants/{victim.Id}/export", null),
            ("DELETE", $"/_cell/tenants/{victim.Id}", null),
            ("POST", $"/_cell/tenants/{victim.Id}/fence", HugeEpoch),
            ("GET", "/_cell/info", null),
        };

        foreach (var (authorization, expected) in credentials)
        {
            foreach (var (method, path, body) in requests)
            {
                var headers = authorization is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Authorization"] = authorization };
                var response = await RawHttp.SendAsync(endpoint, method, path, headers, body);
                Assert.True(expected.Contains(response.Status), $"{method} {path} with {Describe(authorization)} answered {response.Status}, expected {string.Join(" or ", expected)}:\n{response.Text}");
            }
        }

        using var plain = new HttpClient { BaseAddress = endpoint };
        using var health = await plain.GetAsync("/_cell/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        await AssertNothingChangedAsync(victim, victim.Epoch);
    }

    private static string Describe(string? authorization) =>
        authorization is null ? "no credential" : authorization.Length > 20 ? string.Concat(authorization.AsSpan(0, 20), "…") : authorization;

    private static string Assertion(CellAssertionKey key, long generation, string cell, TenantView tenant, DateTimeOffset expiresAt)
    {
        Assert.True(CellSecrets.TryDecode(key.Key, out var bytes));
        return TenantAssertion.Create(bytes, generation, cell, tenant.Id, tenant.Epoch, expiresAt, Guid.NewGuid().ToString("N").AsSpan(0, 16));
    }

    private static HttpRequestMessage DirectTenantRequest(HttpMethod method, TenantView tenant, string? assertion, object? body = null)
    {
        var request = Stack.ForTenant(method, "/notes", tenant.Id, body);
        request.Headers.TryAddWithoutValidation(CellularHeaders.TenantEpoch, tenant.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (assertion is not null)
        {
            request.Headers.TryAddWithoutValidation(CellularHeaders.TenantAssertion, assertion);
        }

        return request;
    }

    /// <summary>A fresh tenant with a note, and another tenant in the same cell.</summary>
    private async Task<(TenantView Victim, TenantView Attacker)> VictimAndAttackerAsync()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var victim = (await _stack.CreateTenantsAsync(1, "victim-" + unique)).Single();
        var attacker = (await _stack.CreateTenantsAsync(1, "attacker-" + unique, victim.Cell)).Single();
        using var note = await _stack.WriteNoteAsync(victim.Id, "the victim's note");
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        return (victim, attacker);
    }

    /// <summary>The victim's note is still there through the router, its epoch unchanged, and no cell has a fault.</summary>
    private async Task AssertNothingChangedAsync(TenantView victim, long epochBefore)
    {
        using var notes = await _stack.ReadNotesAsync(victim.Id);
        Assert.Equal(HttpStatusCode.OK, notes.StatusCode);
        var list = await notes.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(list.EnumerateArray(), n => n.GetProperty("text").GetString() == "the victim's note");
        Assert.Equal(epochBefore, (await _stack.Local.Client.GetTenantAsync(victim.Id)).Epoch);
        foreach (var cell in await _stack.Local.Client.ListCellsAsync())
        {
            if (cell.State == Cellular.Core.Model.CellState.Retired)
            {
                continue;
            }

            using var client = await _stack.CellControlClientAsync(cell.Id);
            var faults = await client.GetFromJsonAsync<JsonElement>("/_cell/faults");
            Assert.Equal(0, faults.GetArrayLength());
        }
    }
}
