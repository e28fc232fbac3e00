using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Cellular.Cell.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Cellular.Cell.Tests.Security;

/// <summary><c>/_cell/*</c> but health answers only the control plane's credential for this cell; refused calls change nothing.</summary>
public sealed class CellControlCredentialTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly InMemoryTenantStore _store = new();
    private TestCell? _cell;
    private CellAdmin? _admin;
    private HttpClient? _raw;

    private CellAdmin Admin => _admin!;

    public static TheoryData<string, string, string?> Calls => new()
    {
        { "POST", "/_cell/faults", """{"kind":"crash","durationSeconds":60}""" },
        { "GET", "/_cell/faults", null },
        { "DELETE", "/_cell/faults", null },
        { "GET", "/_cell/info", null },
        { "GET", "/_cell/tenants/acme", null },
        { "GET", "/_cell/tenants/acme/export", null },
        { "DELETE", "/_cell/tenants/acme?force=true", null },
        { "POST", "/_cell/tenants/acme/fence", """{"epoch":9}""" },
        { "POST", "/_cell/tenants/acme/import", """{"tenant":"acme","watermark":1,"rows":["1:evil"]}""" },
        { "POST", "/_cell/tenants/acme/activate", """{"epoch":99}""" },
        { "GET", "/_cell/tenants/acme/changes", null },
        { "GET", "/_cell/tenants/acme/hash", null },
        { "POST", "/_CELL/Faults", """{"kind":"crash","durationSeconds":60}""" },
        { "POST", "/_cell/nothing-here", null },
    };

    public async Task InitializeAsync()
    {
        _cell = await TestCell.StartAsync(b => b.Services.AddSingleton<TimeProvider>(_time).AddSingleton(_store).AddCellular()
            .AddTenantDataStore<InMemoryTenantStore>().AddTenantOwnershipStore<InMemoryTenantStore>());
        _admin = new CellAdmin(_cell.Client);
        _raw = _cell.CreateRawClient();
        _store.Write(Cellular.Cell.Tenancy.TenantContext.FromHeaders(new Microsoft.AspNetCore.Http.HeaderDictionary { ["X-Tenant-Id"] = "acme" }), "precious");
    }

    public async Task DisposeAsync()
    {
        _raw!.Dispose();
        await _cell!.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Call_NoCredential_Returns401AndChangesNothing(string method, string path, string? body)
    {
        using var response = await SendAsync(method, path, body, authorization: null);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("missing", problem.Detail, StringComparison.Ordinal);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        await AssertUnchangedAsync();
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Call_CredentialOfAnotherCell_Returns403AndChangesNothing(string method, string path, string? body)
    {
        using var response = await SendAsync(method, path, body, _cell!.Signer.ControlToken(method, PathOf(path), cell: "c2"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task Call_ExpiredCredential_Returns401()
    {
        using var response = await SendAsync("POST", "/_cell/faults", """{"kind":"crash","durationSeconds":60}""", _cell!.Signer.ControlToken("POST", "/_cell/faults", expiresAt: Now - TimeSpan.FromMinutes(1)));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem.Detail, StringComparison.Ordinal);
        await AssertUnchangedAsync();
    }

    [Theory]
    [InlineData("cc1:c1:99999999999999:id:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("nonsense")]
    public async Task Call_ForgedCredential_Returns401(string token)
    {
        using var response = await SendAsync("DELETE", "/_cell/tenants/acme?force=true", null, token);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task Call_CredentialSignedWithAnotherSecret_Returns401()
    {
        var token = _cell!.Signer.ControlToken("GET", "/_cell/tenants/acme/export", secret: Enumerable.Repeat((byte)5, 32).ToArray());

        using var response = await SendAsync("GET", "/_cell/tenants/acme/export", null, token);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("signature", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_AssertionInsteadOfCredential_Returns401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_cell/tenants/acme/export");
        request.Headers.Add("X-Tenant-Id", "acme");
        request.Headers.Add("X-Tenant-Epoch", "0");
        request.Headers.Add("X-Cellular-Assertion", _cell!.Signer.Assertion("acme", 0));

        using var response = await _raw!.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("GET", "/_cell/health")]
    [InlineData("HEAD", "/_cell/health")]
    [InlineData("GET", "/_cell/Health/")]
    public async Task Health_NoCredential_Answers(string method, string path)
    {
        using var response = await SendAsync(method, path, null, authorization: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Calls_WithCredential_Work()
    {
        var fault = await Admin.FaultAsync(new { kind = "error", status = 503, durationSeconds = 60, tenants = new[] { "acme" } });
        var snapshot = await Admin.ExportAsync("acme");
        var fenced = await Admin.FencedAsync("acme", 2);
        using var imported = await Admin.ImportAsync(snapshot with { Rows = [System.Text.Json.JsonSerializer.SerializeToElement("1:copied")] });
        using var purged = await Admin.PurgeAsync("acme", force: true);
        var info = await Admin.Client.GetFromJsonAsync(new Uri("/_cell/info", UriKind.Relative), CellularJsonContext.Default.CellInfo);

        Assert.Equal(CellFaultKind.Error, fault.Kind);
        Assert.Single(snapshot.Rows);
        Assert.Equal(2, fenced.Epoch);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, purged.StatusCode);
        Assert.Equal("c1", info!.Cell);
    }

    private async Task AssertUnchangedAsync()
    {
        var view = await Admin.GetAsync("acme");
        Assert.Equal((TenantOwnershipState.Serving, 0L, 1L), (view.State, view.Epoch, view.Rows));
        Assert.Equal("1:precious", Assert.Single((await Admin.ExportAsync("acme")).Rows).GetString());
        Assert.Empty((await Admin.Client.GetFromJsonAsync(new Uri("/_cell/faults", UriKind.Relative), CellularJsonContext.Default.ListCellFault))!);
    }

    private static string PathOf(string pathAndQuery) => pathAndQuery.Split('?')[0];

    private async Task<HttpResponseMessage> SendAsync(string method, string path, string? body, string? authorization)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        if (authorization is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", authorization);
        }

        return await _raw!.SendAsync(request);
    }
}
