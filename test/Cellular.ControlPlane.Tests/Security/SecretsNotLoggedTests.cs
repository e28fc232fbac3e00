using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Security;
using Cellular.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cellular.ControlPlane.Tests.Security;

/// <summary>
/// With every category at Trace, nothing the control plane logs carries an API key token, a bearer
/// token it was sent, a cell secret, an assertion key, a control credential, a tenant token or the
/// master key: keys created, used, revoked and refused; cells created with secrets and called.
/// </summary>
public sealed class SecretsNotLoggedTests
{
    [Fact]
    public async Task TraceLogs_CarryNoTokenSecretOrKey()
    {
        using var root = new TempDirectory("cp-logs");
        var capture = new CapturingLoggerProvider();
        await using var router = await FakeRouter.StartAsync();
        router.Stats = (_, _) => [FakeRouter.Cell("c1", 100)];
        await using var cell = await FakeCell.StartAsync("c1");
        var secrets = new List<string>();
        await using (var app = new ControlPlaneApp(root.Path, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
            ["Logging:LogLevel:Microsoft.Extensions.Http"] = "Trace",
            ["Cellular:ControlPlane:Routers:0"] = router.Url,
            ["Cellular:ControlPlane:Auth:TenantIssuer:Enabled"] = "true",
        }))
        {
            await using var factory = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(capture)));
            using var admin = ControlPlaneApp.AuthorizedClient(factory, root.Path, null);
            secrets.Add(File.ReadAllText(ControlPlaneApp.AdminTokenFileOf(root.Path)).Trim());
            secrets.Add(File.ReadAllText(TestCredentials.MasterKeyFile(root.Path)).Trim());

            // Keys: made, used, refused for their role, revoked, used after revocation; tokens never issued.
            var ci = await ControlPlaneApp.CreateKeyAsync(factory, root.Path, "ci", ApiRole.ReadOnly);
            secrets.Add(ci);
            using (var ciClient = ControlPlaneApp.WithToken(factory.CreateClient(), ci))
            {
                Assert.Equal(HttpStatusCode.OK, (await ciClient.GetAsync("/api/v1/cells")).StatusCode);
                Assert.Equal(HttpStatusCode.Forbidden, (await ciClient.PostAsync("/api/v1/cells/c9/retire", null)).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync("/api/v1/auth/keys/ci")).StatusCode);
                Assert.Equal(HttpStatusCode.Unauthorized, (await ciClient.GetAsync("/api/v1/cells")).StatusCode);
            }

            var forged = ci[..^6] + "AAAAAA";
            var bogus = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2lnbmF0dXJlLW5vdC1yZWFs";
            secrets.AddRange([forged, bogus, ci.Split('_')[^1]]);
            foreach (var token in new[] { forged, bogus, "cel_unknownid0000_" + new string('x', 43) })
            {
                using var refused = ControlPlaneApp.WithToken(factory.CreateClient(), token);
                Assert.Equal(HttpStatusCode.Unauthorized, (await refused.GetAsync("/api/v1/tenants")).StatusCode);
            }

            secrets.Add("cel_unknownid0000_" + new string('x', 43));

            // A cell with its secret, its keys read and rotated, a tenant, a tenant token, calls to the cell.
            cell.Secret = TestCredentials.SecretFor(root.Path, "c1");
            await admin.CreateStaticCellAsync(cell);
            await admin.CreateTenantAsync("""{"id":"t1","cell":"c1"}""");
            var secret = (await admin.GetFromJsonAsync("/api/v1/cells/c1/secret", CellularJsonContext.Default.CellSecretView))!.Secret;
            secrets.Add(secret);
            secrets.Add(CellSecrets.Encode(CellSecrets.DeriveControlKey(cell.Secret)));
            using (var rotated = await admin.PostAsync("/api/v1/auth/assertion-keys/rotate", null))
            {
                var keys = (await rotated.Content.ReadFromJsonAsync(CellularJsonContext.Default.AssertionKeySet))!;
                secrets.AddRange(keys.Cells.Select(k => k.Key));
            }

            using (var issued = await admin.PostJsonAsync("/api/v1/auth/tenant-tokens", """{"tenant":"t1"}"""))
            {
                secrets.Add((await issued.ReadAsync(CellularJsonContext.Default.TenantToken)).Token);
            }

            using (var started = await admin.PostJsonAsync("/api/v1/experiments", """{"targets":["c1"],"fault":{"kind":"error","status":503},"durationSeconds":30}"""))
            {
                Assert.True(started.StatusCode == HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
                var experiment = await started.ReadAsync(CellularJsonContext.Default.Experiment);
                Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/experiments/{experiment.Id}/stop", null)).StatusCode);
            }
        }

        Assert.Contains(cell.FaultCalls, c => c.StartsWith("POST f", StringComparison.Ordinal));
        Assert.Equal(0, cell.Refused);
        var credentials = cell.Authorizations;
        Assert.NotEmpty(credentials);
        secrets.AddRange(credentials);
        secrets.AddRange(credentials.Select(c => c.Split(' ', 2)[^1]));

        var entries = capture.Entries;
        Assert.Contains(entries, e => e.Level == LogLevel.Trace);
        Assert.Contains(entries, e => e.Level == LogLevel.Debug);
        Assert.Contains(entries, e => e.Category.StartsWith("System.Net.Http.HttpClient.", StringComparison.Ordinal));

        // The cell clients' request headers are logged at Trace, the credential among them (redacted).
        Assert.Contains(entries, e => e.Category.StartsWith("System.Net.Http.HttpClient.", StringComparison.Ordinal) && e.Text.Contains("Authorization", StringComparison.Ordinal));
        foreach (var value in secrets.Where(s => s.Length >= 16).Distinct())
        {
            var leak = entries.FirstOrDefault(e => e.Text.Contains(value, StringComparison.Ordinal));
            Assert.True(leak.Text is null, $"A secret ({value[..6]}…) was logged at {leak.Level} by {leak.Category}: {leak.Text}");
        }

        Assert.DoesNotContain(entries, e => e.Text.Contains("cc1:", StringComparison.Ordinal));
    }
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task TraceLogs_ProcessCellStartedWithItsSecret_CarryNoSecret()
    {
        using var root = new TempDirectory("cp-logs-process");
        var capture = new CapturingLoggerProvider();
        await using (var app = new ControlPlaneApp(root.Path, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
            ["Cellular:Process:CellCommand"] = FakeCellProgram.Path,
            ["Cellular:Process:StartTimeout"] = "00:00:30",
            ["Cellular:Process:StopTimeout"] = "00:00:05",
            ["Cellular:Process:StopCellsOnShutdown"] = "true",
        }))
        {
            await using var factory = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(capture)));
            using var admin = ControlPlaneApp.AuthorizedClient(factory, root.Path, null);

            using var created = await admin.PostJsonAsync("/api/v1/cells", """{"id":"p1"}""");
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/v1/cells/p1/retire", null)).StatusCode);
        }

        var secret = TestCredentials.SecretFor(root.Path, "p1");
        var values = new[] { CellSecrets.Encode(secret), CellSecrets.Encode(CellSecrets.DeriveControlKey(secret)), File.ReadAllText(TestCredentials.MasterKeyFile(root.Path)).Trim() };
        var entries = capture.Entries;
        Assert.Contains(entries, e => e.Level == LogLevel.Trace);
        foreach (var value in values)
        {
            var leak = entries.FirstOrDefault(e => e.Text.Contains(value, StringComparison.Ordinal));
            Assert.True(leak.Text is null, $"A secret ({value[..6]}…) was logged at {leak.Level} by {leak.Category}: {leak.Text}");
        }

        Assert.DoesNotContain(entries, e => e.Text.Contains("Cellular__Cell__Auth__Secret=", StringComparison.Ordinal));
    }
}
