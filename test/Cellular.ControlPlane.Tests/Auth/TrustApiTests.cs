using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Security;
using Cellular.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cellular.ControlPlane.Tests.Auth;

/// <summary>Cell secrets, tenant-assertion keys and their rotation, the local tenant issuer.</summary>
public sealed class TrustApiTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new("cp-trust");
    private ControlPlaneApp _app = null!;
    private FakeCell _cell = null!;

    public async Task InitializeAsync()
    {
        _app = new ControlPlaneApp(_root.Path, new Dictionary<string, string?>
        {
            ["Cellular:ControlPlane:Health:Enabled"] = "false",
            ["Cellular:ControlPlane:Auth:TenantIssuer:Enabled"] = "true",
        });
        _cell = await FakeCell.StartAsync("c1");
        using var admin = _app.Client();
        await admin.CreateStaticCellAsync(_cell);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _cell.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task CellSecret_Admin_GetsTheDerivedSecretAndTheReadIsAudited()
    {
        using var admin = _app.Client();

        var view = (await admin.GetFromJsonAsync("/api/v1/cells/c1/secret", CellularJsonContext.Default.CellSecretView))!;
        using var missing = await admin.GetAsync("/api/v1/cells/nope/secret");

        Assert.Equal(CellSecrets.Encode(TestCredentials.SecretFor(_root.Path, "c1")), view.Secret);
        await missing.AssertProblemAsync(HttpStatusCode.NotFound);
        var audit = (await admin.GetFromJsonAsync("/api/v1/audit?action=cell.secret.read", CellularJsonContext.Default.PageAuditEntry))!.Items;
        Assert.Equal(("admin", "cell/c1"), (audit.Single().Actor, audit.Single().Target));
        Assert.DoesNotContain(view.Secret, await admin.GetStringAsync("/api/v1/audit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssertionKeys_AreDerivedPerCellAndRotationBumpsTheGeneration()
    {
        using var admin = _app.Client();
        var secret = TestCredentials.SecretFor(_root.Path, "c1");

        var first = (await admin.GetFromJsonAsync("/api/v1/auth/assertion-keys", CellularJsonContext.Default.AssertionKeySet))!;
        using var rotate = await admin.PostAsync("/api/v1/auth/assertion-keys/rotate", null);
        var second = (await admin.GetFromJsonAsync("/api/v1/auth/assertion-keys", CellularJsonContext.Default.AssertionKeySet))!;

        Assert.Equal(1, first.Generation);
        Assert.Equal(new CellAssertionKey("c1", CellSecrets.Encode(CellSecrets.DeriveAssertionKey(secret, 1))), Assert.Single(first.Cells));
        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        Assert.Equal(2, second.Generation);
        Assert.Equal(CellSecrets.Encode(CellSecrets.DeriveAssertionKey(secret, 2)), Assert.Single(second.Cells).Key);
        Assert.DoesNotContain(CellSecrets.Encode(secret), await admin.GetStringAsync("/api/v1/auth/assertion-keys"), StringComparison.Ordinal);
        var audit = (await admin.GetFromJsonAsync("/api/v1/audit?action=auth.assertion-keys.rotate", CellularJsonContext.Default.PageAuditEntry))!.Items;
        Assert.Equal(2, audit.Single().Detail!.Value.GetProperty("generation").GetInt64());
    }

    [Fact]
    public async Task AssertionKeys_Generation_SurvivesARestart()
    {
        using (var admin = _app.Client())
        {
            (await admin.PostAsync("/api/v1/auth/assertion-keys/rotate", null)).Dispose();
        }

        await using var second = new ControlPlaneApp(_root.Path, new Dictionary<string, string?> { ["Cellular:ControlPlane:Health:Enabled"] = "false" });
        using var client = second.Client();

        Assert.Equal(2, (await client.GetFromJsonAsync("/api/v1/auth/assertion-keys", CellularJsonContext.Default.AssertionKeySet))!.Generation);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TenantIssuer_TokenValidatesAgainstItsAnonymousJwks_AndTheIssueIsAudited()
    {
        using var issuerAdmin = _app.ClientWithToken(await _app.CreateKeyAsync("issuer-admin", ApiRole.Admin));
        using var anonymous = _app.AnonymousClient();

        using var issued = await issuerAdmin.PostJsonAsync("/api/v1/auth/tenant-tokens", """{"tenant":"acme","ttlSeconds":120}""");
        var token = await issued.ReadAsync(CellularJsonContext.Default.TenantToken);
        using var jwksResponse = await anonymous.GetAsync("/api/v1/auth/tenant-issuer/jwks");
        var jwks = new JsonWebKeySet(await jwksResponse.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal(HttpStatusCode.OK, jwksResponse.StatusCode);
        var key = Assert.Single(jwks.Keys);
        Assert.Equal(("ES256", "EC"), (key.Alg, key.Kty));
        Assert.Null(key.D);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token.Token, new TokenValidationParameters
        {
            ValidIssuer = "cellular-local",
            ValidAudience = "cellular-router",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = ["ES256"],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal(("acme", "acme", key.Kid), (jwt.Subject, jwt.GetClaim("tenant").Value, jwt.Kid));
        Assert.False(string.IsNullOrEmpty(jwt.Id));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_root.Path, "control-plane", "tenant-issuer.pem")));

        using var admin = _app.Client();
        var entry = Assert.Single((await admin.GetFromJsonAsync("/api/v1/audit?action=auth.tenant-token.issue", CellularJsonContext.Default.PageAuditEntry))!.Items);
        Assert.Equal(("issuer-admin", "tenant/acme"), (entry.Actor, entry.Target));
        var detail = entry.Detail!.Value;
        Assert.Equal((120, jwt.Id), (detail.GetProperty("ttlSeconds").GetInt32(), detail.GetProperty("jti").GetString()));
        Assert.Equal(2, detail.EnumerateObject().Count());
        Assert.DoesNotContain(token.Token, await admin.GetStringAsync("/api/v1/audit?limit=1000"), StringComparison.Ordinal);
        Assert.DoesNotContain(token.Token.Split('.')[2], await admin.GetStringAsync("/api/v1/audit?limit=1000"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenantIssuer_ReadOnlyOrCellOperatorKey_Returns403_NothingIssued_AndOffReturns404()
    {
        using var reader = _app.ClientWithToken(await _app.CreateKeyAsync("reader", ApiRole.ReadOnly));
        using var cellOperator = _app.ClientWithToken(await _app.CreateKeyAsync("ops", ApiRole.CellOperator));
        using var denied = await reader.PostJsonAsync("/api/v1/auth/tenant-tokens", """{"tenant":"acme"}""");
        using var impersonation = await cellOperator.PostJsonAsync("/api/v1/auth/tenant-tokens", """{"tenant":"acme"}""");
        await denied.AssertProblemAsync(HttpStatusCode.Forbidden);
        await impersonation.AssertProblemAsync(HttpStatusCode.Forbidden);
        using (var auditReader = _app.Client())
        {
            var issuedAudit = await auditReader.GetFromJsonAsync("/api/v1/audit?action=auth.tenant-token.issue", CellularJsonContext.Default.PageAuditEntry);
            Assert.Empty(issuedAudit!.Items);
        }

        await using var off = new ControlPlaneApp(_root.Combine("off"));
        using var admin = off.Client();
        using var response = await admin.PostJsonAsync("/api/v1/auth/tenant-tokens", """{"tenant":"acme"}""");
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
