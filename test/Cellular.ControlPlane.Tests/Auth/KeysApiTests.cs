using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Tests.Auth;

public sealed class KeysApiTests : IDisposable
{
    private readonly TempDirectory _root = new("cp-keys");
    private readonly ControlPlaneApp _app;

    public KeysApiTests() => _app = new ControlPlaneApp(_root.Path);

    public void Dispose()
    {
        _app.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task Create_ShowsTheTokenOnce_ListShowsNone()
    {
        using var admin = _app.Client();

        using var created = await admin.PostJsonAsync("/api/v1/auth/keys", """{"name":"ci","role":"ReadOnly"}""");
        var key = await created.ReadAsync(CellularJsonContext.Default.CreatedApiKey);
        var listed = await admin.GetStringAsync("/api/v1/auth/keys");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(("ci", ApiRole.ReadOnly, "admin"), (key.Name, key.Role, key.CreatedBy));
        Assert.StartsWith("cel_" + key.Id + "_", key.Token, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Token, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Token.Split('_', 3)[2], listed, StringComparison.Ordinal);
        var views = (await admin.GetFromJsonAsync("/api/v1/auth/keys", CellularJsonContext.Default.ListApiKeyView))!;
        Assert.Equal(["admin", "ci"], views.Select(v => v.Name));
        using var ci = _app.ClientWithToken(key.Token);
        Assert.Equal(new WhoAmI("ci", ApiRole.ReadOnly, "api-key"), await ci.GetFromJsonAsync("/api/v1/auth/whoami", CellularJsonContext.Default.WhoAmI));
    }

    [Fact]
    public async Task Create_NameTaken_Returns409EvenAfterRevocation()
    {
        using var admin = _app.Client();
        (await admin.PostJsonAsync("/api/v1/auth/keys", """{"name":"ci","role":"ReadOnly"}""")).Dispose();
        (await admin.DeleteAsync("/api/v1/auth/keys/ci")).Dispose();

        using var again = await admin.PostJsonAsync("/api/v1/auth/keys", """{"name":"ci","role":"Admin"}""");

        await again.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Create_ExpiryInThePast_Returns400()
    {
        using var admin = _app.Client();

        using var response = await admin.PostJsonAsync("/api/v1/auth/keys", """{"name":"old","role":"ReadOnly","expiresAt":"2001-01-01T00:00:00Z"}""");

        Assert.Contains("expiresAt", await response.AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_UnknownKey_Returns404_AndKeyOperationsAreAudited()
    {
        using var admin = _app.Client();
        (await admin.PostJsonAsync("/api/v1/auth/keys", """{"name":"ci","role":"ReadOnly"}""")).Dispose();
        using var revoked = await admin.DeleteAsync("/api/v1/auth/keys/ci");
        using var missing = await admin.DeleteAsync("/api/v1/auth/keys/nobody");

        await missing.AssertProblemAsync(HttpStatusCode.NotFound);
        var audit = (await admin.GetFromJsonAsync("/api/v1/audit?actor=admin", CellularJsonContext.Default.PageAuditEntry))!.Items;
        Assert.Equal(["auth.key.revoke", "auth.key.create"], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal("key/ci", e.Target));
        Assert.DoesNotContain(audit, e => e.Detail!.Value.GetRawText().Contains("cel_", StringComparison.Ordinal));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Bootstrap_WritesTheTokenOwnerOnly_AndKeepsItOnRestart()
    {
        _app.Client().Dispose();
        var token = await File.ReadAllTextAsync(_app.AdminTokenFile);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_app.AdminTokenFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(TestCredentials.MasterKeyFile(_root.Path)));

        await using (var second = new ControlPlaneApp(_root.Path))
        {
            using var client = second.Client();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/cells")).StatusCode);
        }

        Assert.Equal(token, await File.ReadAllTextAsync(_app.AdminTokenFile));
    }

    [Fact]
    public async Task Bootstrap_SeveralKeys_EachGetsItsRoleAndFile()
    {
        var routerToken = _root.Combine("nested", "router-token");
        await using var app = new ControlPlaneApp(_root.Combine("two"), new Dictionary<string, string?>
        {
            ["Cellular:ControlPlane:Auth:Bootstrap:1:Name"] = "router",
            ["Cellular:ControlPlane:Auth:Bootstrap:1:Role"] = "Router",
            ["Cellular:ControlPlane:Auth:Bootstrap:1:TokenFile"] = routerToken,
        });
        app.Client().Dispose();

        using var router = app.ClientWithToken((await File.ReadAllTextAsync(routerToken)).Trim());

        Assert.Equal(ApiRole.Router, (await router.GetFromJsonAsync("/api/v1/auth/whoami", CellularJsonContext.Default.WhoAmI))!.Role);
    }

    [Fact]
    public async Task Start_BadAuthSettings_FailsNamingEveryKey()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cellular:ControlPlane:DataDir"] = _root.Combine("bad"),
            ["Cellular:ControlPlane:Auth:Bootstrap:0:Name"] = "has space",
            ["Cellular:ControlPlane:Auth:Bootstrap:0:Role"] = "Root",
            ["Cellular:ControlPlane:Auth:Oidc:Issuer"] = "https://idp.example.test",
            ["Cellular:ControlPlane:Auth:DeniedAuditPerMinute"] = "-1",
        });
        builder.Services.AddCellularControlPlane();
        using var host = builder.Build();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        foreach (var key in new[] { "Bootstrap:0:Name", "Bootstrap:0:Role", "Bootstrap:0:TokenFile", "Oidc:Audience", "Oidc needs exactly one of JwksUrl and Authority", "DeniedAuditPerMinute" })
        {
            Assert.Contains(key, e.Message, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(Path.Combine(_root.Combine("bad"), "cellular.db")));
    }
}
