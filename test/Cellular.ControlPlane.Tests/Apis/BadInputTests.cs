using System.Net;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Testing;

namespace Cellular.ControlPlane.Tests.Apis;

public sealed class BadInputTests : IDisposable
{
    private static readonly string LongId = new('a', 129);

    private readonly TempDirectory _root = new("cp-bad");
    private readonly ControlPlaneApp _app;
    private readonly HttpClient _client;

    public BadInputTests()
    {
        _app = new ControlPlaneApp(_root.Path);
        _client = _app.Client();
    }

    public void Dispose()
    {
        _client.Dispose();
        _app.Dispose();
        _root.Dispose();
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "/api/v1/cells", """{"id":"c1",""", "not valid JSON" },
        { "/api/v1/cells", """{"id": c1}""", "not valid JSON" },
        { "/api/v1/cells", "", "empty" },
        { "/api/v1/cells", "null", "null" },
        { "/api/v1/cells", "[1,2]", "JSON object" },
        { "/api/v1/cells", """{"id":"c1","capacity":"lots"}""", "'capacity'" },
        { "/api/v1/cells", """{"id":"c1","labels":{"a":1}}""", "'labels.a'" },
        { "/api/v1/cells", """{"region":"eu"}""", "cell id is missing" },
        { "/api/v1/cells", """{"id":"Cell1"}""", "lower-case" },
        { "/api/v1/cells", """{"id":"c 1"}""", "not allowed" },
        { "/api/v1/cells", $$"""{"id":"{{LongId}}"}""", "at most 128" },
        { "/api/v1/cells", """{"id":"c1","stage":"production"}""", "Unknown stage 'production'" },
        { "/api/v1/cells", """{"id":"c1","provider":"kubernetes"}""", "Unknown provider 'kubernetes'" },
        { "/api/v1/cells", """{"id":"c1","provider":"static"}""", "needs an 'endpoint'" },
        { "/api/v1/cells", """{"id":"c1","provider":"process","endpoint":"http://127.0.0.1:9"}""", "leave out 'endpoint'" },
        { "/api/v1/cells", """{"id":"c1","endpoint":"ftp://x"}""", "endpoint" },
        { "/api/v1/cells", """{"id":"c1","endpoint":"http://127.0.0.1:9","capacity":0}""", "capacity" },
        { "/api/v1/cells", """{"id":"c1","endpoint":"http://127.0.0.1:9","region":"EU West"}""", "region" },
        { "/api/v1/cells", """{"id":"c1","endpoint":"http://127.0.0.1:9","version":"1 0"}""", "version" },
        { "/api/v1/tenants", """{"weight":1}""", "tenant id is missing" },
        { "/api/v1/tenants", """{"id":"a/b"}""", "not allowed" },
        { "/api/v1/tenants", $$"""{"id":"{{LongId}}"}""", "at most 128" },
        { "/api/v1/tenants", """{"id":"acme","weight":0}""", "weight" },
        { "/api/v1/tenants", """{"id":"acme","weight":1.5}""", "'weight'" },
        { "/api/v1/tenants", """{"id":"acme","cell":"C1"}""", "cell id" },
        { "/api/v1/tenants", """{"id":"acme","weight":}""", "not valid JSON" },
        { "/api/v1/tenants", """{"id":"acme","colour":"red"}""", "unknown field 'colour'" },
        { "/api/v1/tenants", """{"id":".."}""", "tenant id" },
        { "/api/v1/cells", """{"id":"c1","endpoint":"http://127.0.0.1:9","colour":1}""", "unknown field 'colour'" },
        { "/api/v1/cells", """{"id":".."}""", "cell id" },
        { "/api/v1/cells", """{"id":"."}""", "cell id" },
        { "/api/v1/auth/keys", """{"name":"k","role":"Admin","colour":1}""", "unknown field 'colour'" },
        { "/api/v1/auth/keys", """{"name":"k k","role":"Admin"}""", "'name'" },
        { "/api/v1/auth/keys", """{"name":"k","role":"Root"}""", "'role'" },
        { "/api/v1/auth/keys", """{"name":"k","role":"1"}""", "'role'" },
        { "/api/v1/auth/tenant-tokens", """{"tenant":"t","colour":1}""", "unknown field 'colour'" },
        { "/api/v1/rebalance", """{"colour":1}""", "unknown field 'colour'" },
        { "/api/v1/migrations", """{"tenant":"t","colour":1}""", "unknown field 'colour'" },
        { "/api/v1/experiments", """{"colour":1}""", "unknown field 'colour'" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Post_BadBody_Returns400ProblemSayingWhatIsWrong(string url, string body, string expected)
    {
        using var response = await _client.PostJsonAsync(url, body);

        var detail = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/cells/Upper")]
    [InlineData("/api/v1/tenants/a%20b")]
    [InlineData("/api/v1/tenants?limit=0")]
    [InlineData("/api/v1/tenants?limit=1001")]
    [InlineData("/api/v1/tenants?after=a%20b")]
    [InlineData("/api/v1/audit?limit=x")]
    [InlineData("/api/v1/migrations?tenant=a%20b")]
    public async Task Get_BadIdOrQuery_Returns400Problem(string url)
    {
        using var response = await _client.GetAsync(url);

        var detail = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(detail);
    }

    // PostgreSQL refuses a NUL in text where SQLite takes it: refused at the API, both stores answer alike.
    [Theory]
    [InlineData("/api/v1/tenants?after=a%00", "after")]
    [InlineData("/api/v1/migrations?tenant=%00", "tenant")]
    [InlineData("/api/v1/audit?target=tenant%2Fa%01", "target")]
    [InlineData("/api/v1/fleet?q=%00", "q")]
    public async Task Get_ControlCharacterInAQueryParameter_Returns400NamingIt(string url, string parameter)
    {
        using var response = await _client.GetAsync(url);

        var detail = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains($"'{parameter}'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_OversizedTenantIdInPath_Returns400()
    {
        using var response = await _client.GetAsync($"/api/v1/tenants/{LongId}");

        Assert.Contains("at most 128", await response.AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ActorHeader_IsIgnored()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cells/c1/drain");
        request.Headers.Add("X-Cellular-Actor", new string('x', 200));

        using var response = await _client.SendAsync(request);

        // The header neither breaks the request nor names anyone: the cell is simply not there.
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnknownRouteOrMethod_ReturnsProblemNotBareStatus()
    {
        using var missing = await _client.GetAsync("/api/v1/nothing-here");
        using var method = await _client.DeleteAsync("/api/v1/cells");

        await missing.AssertProblemAsync(HttpStatusCode.NotFound);
        await method.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Post_BodyOverOneMegabyte_Returns413()
    {
        var body = $$"""{"id":"c1","version":"{{new string('1', 1_100_000)}}"}""";

        using var response = await _client.PostJsonAsync("/api/v1/cells", body);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }
}
