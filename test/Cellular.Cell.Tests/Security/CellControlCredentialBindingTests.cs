using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Cellular.Cell.Security;
using Cellular.Cell.Tests.Infrastructure;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Cellular.Cell.Tests.Security;

/// <summary>A control credential is good for the one call it was made for (method and path), once.</summary>
public sealed class CellControlCredentialBindingTests : IAsyncLifetime
{
    private const string CrashFault = """{"kind":"crash","durationSeconds":60}""";
    private static readonly DateTimeOffset Now = new(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly InMemoryTenantStore _store = new();
    private TestCell? _cell;
    private CellAdmin? _admin;
    private HttpClient? _raw;

    private CellSigner Signer => _cell!.Signer;

    public async Task InitializeAsync()
    {
        _cell = await TestCell.StartAsync(b => b.Services.AddSingleton<TimeProvider>(_time).AddSingleton(_store).AddCellular()
            .AddTenantDataStore<InMemoryTenantStore>().AddTenantOwnershipStore<InMemoryTenantStore>());
        _admin = new CellAdmin(_cell.Client);
        _raw = _cell.CreateRawClient();
        foreach (var tenant in new[] { "acme", "other" })
        {
            _store.Write(Cellular.Cell.Tenancy.TenantContext.FromHeaders(new HeaderDictionary { ["X-Tenant-Id"] = tenant }), "precious-" + tenant);
        }
    }

    public async Task DisposeAsync()
    {
        _raw!.Dispose();
        await _cell!.DisposeAsync();
    }

    [Fact]
    public async Task CredentialForInfo_OnFaults_Returns401AndSetsNoFault()
    {
        var info = Signer.ControlToken("GET", "/_cell/info");

        using var crash = await SendAsync("POST", "/_cell/faults", CrashFault, info);

        var problem = await ProblemAssert.IsProblemAsync(crash, HttpStatusCode.Unauthorized);
        Assert.Contains("another request", problem.Detail, StringComparison.Ordinal);
        Assert.Empty((await _admin!.Client.GetFromJsonAsync(new Uri("/_cell/faults", UriKind.Relative), CellularJsonContext.Default.ListCellFault))!);
    }

    [Theory]
    [InlineData("GET", "/_cell/tenants/other/export")]
    [InlineData("DELETE", "/_cell/tenants/other?force=true")]
    [InlineData("HEAD", "/_cell/info")]
    [InlineData("GET", "/_cell/info/")]
    public async Task CredentialForInfo_OnAnotherCall_Returns401(string method, string path)
    {
        var info = Signer.ControlToken("GET", "/_cell/info");

        using var response = await SendAsync(method, path, null, info);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("1:precious-other", Assert.Single((await _admin!.ExportAsync("other")).Rows).GetString());
    }

    [Fact]
    public async Task CredentialForOneTenantsExport_OnAnotherTenantsExport_Returns401()
    {
        var acme = Signer.ControlToken("GET", "/_cell/tenants/acme/export");

        using var other = await SendAsync("GET", "/_cell/tenants/other/export", null, acme);
        using var own = await SendAsync("GET", "/_cell/tenants/acme/export", null, acme);

        await ProblemAssert.IsProblemAsync(other, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public async Task SameCredentialTwice_SecondReturns401()
    {
        var info = Signer.ControlToken("GET", "/_cell/info");

        using var first = await SendAsync("GET", "/_cell/info", null, info);
        _time.Advance(TimeSpan.FromSeconds(30));
        using var second = await SendAsync("GET", "/_cell/info", null, info);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(second, HttpStatusCode.Unauthorized);
        Assert.Contains("used before", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedCredential_IsNotRemembered()
    {
        var info = Signer.ControlToken("GET", "/_cell/info");

        using var wrongCall = await SendAsync("GET", "/_cell/faults", null, info);
        using var rightCall = await SendAsync("GET", "/_cell/info", null, info);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongCall.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rightCall.StatusCode);
    }

    [Fact]
    public async Task ReplayCacheFull_Returns503ProblemAndDoesNotGrow()
    {
        var cache = new ControlCredentialReplayCache(_time, capacity: 2);
        await using var cell = await TestCell.StartAsync(b => b.Services.AddSingleton<TimeProvider>(_time).AddSingleton(cache));
        using var raw = cell.CreateRawClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/_cell/info");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", cell.Signer.ControlToken("GET", "/_cell/info"));
            using var response = await raw.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (i == 2)
            {
                var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
                Assert.Contains("2", problem.Detail, StringComparison.Ordinal);
            }
        }

        _time.Advance(CellSigner.Lifetime + TimeSpan.FromSeconds(31));
        using var later = new HttpRequestMessage(HttpMethod.Get, "/_cell/info");
        later.Headers.Authorization = new AuthenticationHeaderValue("Bearer", cell.Signer.ControlToken("GET", "/_cell/info"));
        using var laterResponse = await raw.SendAsync(later);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable], statuses);
        Assert.Equal(HttpStatusCode.OK, laterResponse.StatusCode);
        Assert.Equal(1, cache.Count);
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, string? body, string authorization)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", authorization);
        return await _raw!.SendAsync(request);
    }
}
