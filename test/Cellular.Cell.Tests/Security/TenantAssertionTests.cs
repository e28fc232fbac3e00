using System.Net;
using Cellular.Cell.Ownership;
using Cellular.Cell.Security;
using Cellular.Cell.Tenancy;
using Cellular.Cell.Tests.Infrastructure;
using Cellular.Core;
using Cellular.Core.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Cellular.Cell.Tests.Security;

/// <summary>A cell with its secret refuses tenant requests without a valid router assertion for itself, before ownership or the app.</summary>
public sealed class TenantAssertionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly InMemoryTenantStore _store = new();
    private TestCell? _cell;
    private HttpClient? _raw;
    private int _appRuns;

    private CellSigner Signer => _cell!.Signer;

    public async Task InitializeAsync()
    {
        _cell = await TestCell.StartAsync(
            b => b.Services.AddSingleton<TimeProvider>(_time).AddSingleton(_store).AddCellular()
                .AddTenantDataStore<InMemoryTenantStore>().AddTenantOwnershipStore<InMemoryTenantStore>(),
            app => app.MapGet("/work", (HttpContext context) =>
            {
                Interlocked.Increment(ref _appRuns);
                return context.GetRequiredTenantId();
            }).RequireTenant());
        _raw = _cell.CreateRawClient();
    }

    public async Task DisposeAsync()
    {
        _raw!.Dispose();
        await _cell!.DisposeAsync();
    }

    [Fact]
    public async Task Request_ValidAssertion_Served()
    {
        using var response = await SendAsync("acme", 0, Signer.Assertion("acme", 0));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("acme", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Request_NoAssertion_Returns401WithChallengeAndAppNeverRuns()
    {
        using var response = await SendAsync("acme", 0, assertion: null);

        await AssertRefusedAsync(response, "no tenant assertion");
    }

    [Fact]
    public async Task Request_AssertionForAnotherCell_Returns401()
    {
        using var response = await SendAsync("acme", 0, Signer.Assertion("acme", 0, cell: "c2"));

        await AssertRefusedAsync(response, "another cell");
    }

    [Fact]
    public async Task Request_SignedWithAnotherSecret_Returns401()
    {
        var otherSecret = Enumerable.Repeat((byte)9, 32).ToArray();

        using var response = await SendAsync("acme", 0, Signer.Assertion("acme", 0, secret: otherSecret));

        await AssertRefusedAsync(response, "bad signature");
    }

    [Fact]
    public async Task Request_Expired_Returns401ButWithinClockSkewServed()
    {
        using var withinSkew = await SendAsync("acme", 0, Signer.Assertion("acme", 0, expiresAt: Now - TimeSpan.FromSeconds(29)));
        using var expired = await SendAsync("acme", 0, Signer.Assertion("acme", 0, expiresAt: Now - TimeSpan.FromSeconds(31)));

        Assert.Equal(HttpStatusCode.OK, withinSkew.StatusCode);
        await AssertRefusedAsync(expired, "expired", appRuns: 1);
    }

    [Fact]
    public async Task Request_AssertionForAnotherTenant_Returns401()
    {
        using var response = await SendAsync("acme", 0, Signer.Assertion("other", 0));

        await AssertRefusedAsync(response, "another tenant");
    }

    [Fact]
    public async Task Request_EpochDiffersFromHeader_Returns401()
    {
        using var response = await SendAsync("acme", 3, Signer.Assertion("acme", 4));

        await AssertRefusedAsync(response, "epoch");
    }

    [Fact]
    public async Task Request_NoEpochHeader_Returns401()
    {
        using var response = await SendAsync("acme", epoch: null, Signer.Assertion("acme", 0));

        await AssertRefusedAsync(response, "epoch");
    }

    [Fact]
    public async Task Request_TwoAssertions_Returns401()
    {
        using var request = Request("acme", 0, Signer.Assertion("acme", 0));
        request.Headers.Add(CellularHeaders.TenantAssertion, Signer.Assertion("acme", 0));

        using var response = await _raw!.SendAsync(request);

        await AssertRefusedAsync(response, "2 tenant assertions");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("ta1:1:c1:acme:0:99999999999999:id:short")]
    public async Task Request_MalformedAssertion_Returns401(string assertion)
    {
        using var response = await SendAsync("acme", 0, assertion);

        await AssertRefusedAsync(response, "malformed");
    }

    [Fact]
    public async Task Request_ControlCredentialInsteadOfAssertion_Returns401()
    {
        using var request = Request("acme", 0, assertion: null);
        request.Headers.Authorization = new("Bearer", Signer.ControlToken("GET", "/work"));

        using var response = await _raw!.SendAsync(request);

        await AssertRefusedAsync(response, "no tenant assertion");
    }

    [Fact]
    public async Task Request_ValidAssertionStaleEpoch_Returns421FromOwnership()
    {
        await _store.UpdateAsync("acme", _ => new TenantOwnership(TenantOwnershipState.Serving, 5), CancellationToken.None);

        using var stale = await SendAsync("acme", 4, Signer.Assertion("acme", 4));
        using var current = await SendAsync("acme", 5, Signer.Assertion("acme", 5));

        await ProblemAssert.IsProblemAsync(stale, HttpStatusCode.MisdirectedRequest);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task Rotation_NextGenerationAccepted_PreviousKeptOlderRefused()
    {
        using var g1 = await SendAsync("acme", 0, Signer.Assertion("acme", 0, generation: 1));
        using var g2 = await SendAsync("acme", 0, Signer.Assertion("acme", 0, generation: 2));
        using var g1AfterG2 = await SendAsync("acme", 0, Signer.Assertion("acme", 0, generation: 1));
        using var g3 = await SendAsync("acme", 0, Signer.Assertion("acme", 0, generation: 3));
        using var g2AfterG3 = await SendAsync("acme", 0, Signer.Assertion("acme", 0, generation: 2));
        using var g1AfterG3 = await SendAsync("acme", 0, Signer.Assertion("acme", 0, generation: 1));

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK],
            [g1.StatusCode, g2.StatusCode, g1AfterG2.StatusCode, g3.StatusCode, g2AfterG3.StatusCode]);
        var problem = await ProblemAssert.IsProblemAsync(g1AfterG3, HttpStatusCode.Unauthorized);
        Assert.Contains("retired", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(3, _cell!.App.Services.GetRequiredService<AssertionKeyRing>().Highest);
    }

    [Fact]
    public async Task Rotation_ForgedHigherGeneration_DoesNotRetireCurrentKeys()
    {
        var otherSecret = Enumerable.Repeat((byte)3, 32).ToArray();
        using var forged = await SendAsync("acme", 0, Signer.Assertion("acme", 0, generation: 50, secret: otherSecret));
        using var g1 = await SendAsync("acme", 0, Signer.Assertion("acme", 0, generation: 1));

        await ProblemAssert.IsProblemAsync(forged, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, g1.StatusCode);
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, string reason, int appRuns = 0)
    {
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(reason, problem.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(CellAuthMiddleware.AssertionScheme, response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(appRuns, _appRuns);
        Assert.Equal(0, _cell!.App.Services.GetRequiredService<TenantActivity>().InFlight("acme"));
    }

    private async Task<HttpResponseMessage> SendAsync(string tenant, long? epoch, string? assertion)
    {
        using var request = Request(tenant, epoch, assertion);
        return await _raw!.SendAsync(request);
    }

    private static HttpRequestMessage Request(string tenant, long? epoch, string? assertion)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/work");
        request.Headers.Add(CellularHeaders.TenantId, tenant);
        if (epoch is not null)
        {
            request.Headers.Add(CellularHeaders.TenantEpoch, epoch.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (assertion is not null)
        {
            request.Headers.TryAddWithoutValidation(CellularHeaders.TenantAssertion, assertion);
        }

        return request;
    }
}
