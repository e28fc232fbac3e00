using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Cellular.ControlPlane.Tests.WebConsole;

/// <summary>
/// The console's door: <c>GET /</c> shows only the sign-in page without a session; a key or a
/// one-time link opens a cookie session with the key's role; the cookie never carries the key,
/// dies on sign-out and with its key, and cannot change anything without the console's header.
/// </summary>
public sealed class ConsoleSignInTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new("cp-console");
    private readonly TestClock _clock = new();
    private ControlPlaneApp _app = null!;
    private FakeCell _cell = null!;

    public async Task InitializeAsync()
    {
        _app = new ControlPlaneApp(_root.Path, new Dictionary<string, string?> { ["Cellular:ControlPlane:Health:Enabled"] = "false" }, _clock);
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
    public async Task Root_WithoutSession_ServesOnlyTheSignInPage()
    {
        using var browser = Browser();

        using var response = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-page=\"sign-in\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-page=\"console\"", html, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task SignIn_WithKey_SetsHttpOnlyStrictCookieWithoutTheKey_AndOpensTheConsoleAndTheApi()
    {
        using var browser = Browser();
        var token = AdminToken();

        using var signIn = await SignInAsync(browser, token);

        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("cellular_session=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(token, cookie, StringComparison.Ordinal);

        var page = await browser.GetStringAsync("/");
        Assert.Contains("data-page=\"console\"", page, StringComparison.Ordinal);
        var who = await browser.GetFromJsonAsync("/api/v1/auth/whoami", CellularJsonContext.Default.WhoAmI);
        Assert.Equal("admin", who!.Name);
        Assert.Equal(ApiRole.Admin, who.Role);
        using var cells = await browser.GetAsync("/api/v1/cells");
        Assert.Equal(HttpStatusCode.OK, cells.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithoutConsoleHeader_Returns403AndNoCookie()
    {
        using var browser = Browser();

        using var response = await browser.PostAsJsonAsync("/console/session", new ConsoleSignInRequest(AdminToken()), CellularJsonContext.Default.ConsoleSignInRequest);

        var detail = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("X-Cellular-Console", detail, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task SignIn_WithUnknownKey_Returns401WithReasonAndIsAudited()
    {
        using var browser = Browser();

        using var response = await SignInAsync(browser, "cel_aaaaaaaaaaaa_nope");

        var detail = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("The API key is unknown.", detail);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        using var admin = _app.Client();
        var audit = await admin.GetFromJsonAsync("/api/v1/audit?action=auth.denied", CellularJsonContext.Default.PageAuditEntry);
        Assert.Contains(audit!.Items, e => e.Target == "console/session");
    }

    [Fact]
    public async Task SignIn_WithEmptyKey_Returns400()
    {
        using var browser = Browser();

        using var response = await SignInAsync(browser, "  ");

        var detail = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Paste an API key", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithRouterKey_Returns403()
    {
        var router = await _app.CreateKeyAsync("edge", ApiRole.Router);
        using var browser = Browser();

        using var response = await SignInAsync(browser, router);

        var detail = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("Router key cannot sign in", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CookieSession_ChangeWithoutConsoleHeader_Returns403_WithHeader_Succeeds()
    {
        using var browser = Browser();
        (await SignInAsync(browser, AdminToken())).Dispose();

        using var forged = await browser.PostAsync("/api/v1/cells/c1/drain", null);
        var detail = await forged.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("X-Cellular-Console: 1", detail, StringComparison.Ordinal);
        Assert.Equal(Cellular.Core.Model.CellState.Active, (await _app.Client().GetFromJsonAsync("/api/v1/cells/c1", CellularJsonContext.Default.CellView))!.State);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cells/c1/drain");
        request.Headers.Add("X-Cellular-Console", "1");
        using var drained = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, drained.StatusCode);
        var audit = await _app.Client().GetFromJsonAsync("/api/v1/audit?action=cell.drain", CellularJsonContext.Default.PageAuditEntry);
        Assert.Equal("admin", Assert.Single(audit!.Items).Actor);
    }

    [Fact]
    public async Task ReadOnlySession_MayReadButNotDrain()
    {
        var reader = await _app.CreateKeyAsync("viewer", ApiRole.ReadOnly);
        using var browser = Browser();
        (await SignInAsync(browser, reader)).Dispose();

        using var cells = await browser.GetAsync("/api/v1/cells");
        Assert.Equal(HttpStatusCode.OK, cells.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cells/c1/drain");
        request.Headers.Add("X-Cellular-Console", "1");
        using var drain = await browser.SendAsync(request);
        await drain.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task SignOut_EndsTheSessionOnTheServer_ACopiedCookieStopsWorking()
    {
        using var browser = Browser();
        using var signIn = await SignInAsync(browser, AdminToken());
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/console/sign-out");
        signOut.Headers.Add("X-Cellular-Console", "1");
        using var signedOut = await browser.SendAsync(signOut);
        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);

        using var replay = _app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        replay.DefaultRequestHeaders.Add("Cookie", cookie);
        using var response = await replay.GetAsync("/api/v1/cells");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        var page = await replay.GetStringAsync("/");
        Assert.Contains("data-page=\"sign-in\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokingTheKey_EndsItsSessions()
    {
        var operatorKey = await _app.CreateKeyAsync("ops", ApiRole.CellOperator);
        using var browser = Browser();
        (await SignInAsync(browser, operatorKey)).Dispose();
        using var before = await browser.GetAsync("/api/v1/cells");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var admin = _app.Client();
        (await admin.DeleteAsync("/api/v1/auth/keys/ops")).EnsureSuccessStatusCode();

        using var after = await browser.GetAsync("/api/v1/cells");
        await after.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Link_WorksOnceWithinItsLifetime_AndNeverCarriesTheKey()
    {
        var reader = await _app.CreateKeyAsync("viewer", ApiRole.ReadOnly);
        using var cli = _app.ClientWithToken(reader);
        using var created = await cli.PostAsync("/api/v1/auth/console-links", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var link = (await created.Content.ReadFromJsonAsync(CellularJsonContext.Default.ConsoleLink))!;
        Assert.DoesNotContain(reader, link.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(reader.Split('_')[1], link.Url, StringComparison.Ordinal);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(60), link.ExpiresAt);
        var path = new Uri(link.Url).PathAndQuery;
        Assert.StartsWith("/console/sign-in?code=", path, StringComparison.Ordinal);

        using var browser = Browser();
        using var redeemed = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, redeemed.StatusCode);
        Assert.Equal("/", redeemed.Headers.Location?.ToString());
        var who = await browser.GetFromJsonAsync("/api/v1/auth/whoami", CellularJsonContext.Default.WhoAmI);
        Assert.Equal("viewer", who!.Name);
        Assert.Equal(ApiRole.ReadOnly, who.Role);

        using var other = Browser();
        using var again = await other.GetAsync(path);
        Assert.Equal("/?error=link", again.Headers.Location?.ToString());
        Assert.False(again.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Link_AfterSixtySeconds_IsRefused()
    {
        using var cli = _app.Client();
        var link = (await (await cli.PostAsync("/api/v1/auth/console-links", null)).Content.ReadFromJsonAsync(CellularJsonContext.Default.ConsoleLink))!;

        _clock.Advance(TimeSpan.FromSeconds(61));
        using var browser = Browser();
        using var response = await browser.GetAsync(new Uri(link.Url).PathAndQuery);

        Assert.Equal("/?error=link", response.Headers.Location?.ToString());
        using var api = await browser.GetAsync("/api/v1/cells");
        await api.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Link_ForRouterKey_Returns403()
    {
        var router = await _app.CreateKeyAsync("edge", ApiRole.Router);
        using var cli = _app.ClientWithToken(router);

        using var response = await cli.PostAsync("/api/v1/auth/console-links", null);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Assets_AreServedFromTheAssemblyWithSecurityHeaders()
    {
        using var browser = Browser();

        using var script = await browser.GetAsync("/console/assets/sign-in.js");

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Equal("nosniff", script.Headers.GetValues("X-Content-Type-Options").Single());
        using var missing = await browser.GetAsync("/console/assets/nothing.js");
        await missing.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private HttpClient Browser() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private string AdminToken() => File.ReadAllText(_app.AdminTokenFile).Trim();

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/console/session")
        {
            Content = JsonContent.Create(new ConsoleSignInRequest(token), CellularJsonContext.Default.ConsoleSignInRequest),
        };
        request.Headers.Add("X-Cellular-Console", "1");
        return browser.SendAsync(request);
    }
}
