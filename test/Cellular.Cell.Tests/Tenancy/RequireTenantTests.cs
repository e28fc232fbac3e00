using System.Net;
using Cellular.Cell.Tenancy;
using Cellular.Cell.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cellular.Cell.Tests.Tenancy;

public sealed class RequireTenantTests : IAsyncLifetime
{
    private TestCell? _cell;

    private HttpClient Client => _cell!.Client;

    // Behind auth a request without a valid tenant cannot carry a valid assertion (401 first), so
    // the 400s of RequireTenant are seen on a cell that trusts unsigned calls.
    public async Task InitializeAsync() =>
        _cell = await TestCell.StartAsync(b => b.Configuration["Cellular:Cell:Auth:AllowUnsigned"] = "true", map: app =>
            app.MapGet("/whoami", (HttpContext context) => $"{context.GetRequiredTenantId()}@{context.GetTenantEpoch()}").RequireTenant());

    public async Task DisposeAsync() => await _cell!.DisposeAsync();

    [Fact]
    public async Task RequireTenant_NoTenantHeader_Returns400Problem()
    {
        using var response = await Client.GetAsync(new Uri("/whoami", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("X-Tenant-Id", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequireTenant_InvalidTenant_Returns400ProblemNamingTheValue()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Add("X-Tenant-Id", "no*way");

        using var response = await Client.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("no*way", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequireTenant_MalformedEpoch_Returns400Problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Add("X-Tenant-Id", "t1");
        request.Headers.Add("X-Tenant-Epoch", "soon");

        using var response = await Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task RequireTenant_ValidTenant_HandlerSeesTenantAndEpoch()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Add("X-Tenant-Id", "Acme");
        request.Headers.Add("X-Tenant-Epoch", "7");

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Acme@7", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownPath_NoBody_ReturnsProblem()
    {
        using var response = await Client.GetAsync(new Uri("/nothing-here", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }
}
