using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cellular.Core;
using Cellular.EndToEnd.Tests.Infrastructure;

namespace Cellular.EndToEnd.Tests;

/// <summary>Bad input through the router and the API gets a clear problem+json and reaches no cell.</summary>
public sealed class BadInputTests(TwoCellStack fixture) : IClassFixture<TwoCellStack>
{
    private readonly Stack _stack = fixture.Stack;

    public static TheoryData<string?> BadTenantIds => new()
    {
        null,
        "",
        new string('a', 129),
        "acme corp",
        "acme/../../etc",
        "<script>",
    };

    [Theory]
    [MemberData(nameof(BadTenantIds))]
    public async Task Router_MissingOrIllegalTenant_400ProblemAndNothingForwarded(string? tenant)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/notes");
        if (tenant is not null)
        {
            request.Headers.TryAddWithoutValidation(CellularHeaders.TenantId, tenant);
        }

        using var response = await _stack.Router.SendAsync(request);

        Stack.AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.False(response.Headers.Contains(CellularHeaders.CellId), "no cell was involved");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Router_UnknownTenant_404Problem()
    {
        using var response = await _stack.ReadNotesAsync("nobody-here");

        Stack.AssertProblem(response, HttpStatusCode.NotFound);
        Assert.False(response.Headers.Contains(CellularHeaders.CellId));
    }

    [Fact]
    public async Task Router_ForgedInternalHeaders_AreIgnored()
    {
        var tenant = (await _stack.CreateTenantsAsync(1, "forger")).Single();
        var other = (await _stack.Local.Client.ListCellsAsync()).First(c => c.Id != tenant.Cell).Id;

        var request = Stack.ForTenant(HttpMethod.Post, "/notes", tenant.Id, new { text = "forged" });
        request.Headers.TryAddWithoutValidation(CellularHeaders.CellId, other);
        request.Headers.TryAddWithoutValidation(CellularHeaders.TenantEpoch, "999999");
        request.Headers.TryAddWithoutValidation(CellularHeaders.CellRoute, "pin; v=1");
        using var response = await _stack.Router.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(tenant.Cell, Assert.Single(response.Headers.GetValues(CellularHeaders.CellId)));
        Assert.StartsWith("assignment; v=", Assert.Single(response.Headers.GetValues(CellularHeaders.CellRoute)));
    }

    [Fact]
    public async Task Router_MalformedJsonToCell_400ProblemFromTheCell()
    {
        var tenant = (await _stack.CreateTenantsAsync(1, "json")).Single();
        var request = Stack.ForTenant(HttpMethod.Post, "/notes", tenant.Id);
        request.Content = new StringContent("{\"text\": ", Encoding.UTF8, "application/json");

        using var response = await _stack.Router.SendAsync(request);

        Stack.AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.Equal(tenant.Cell, Assert.Single(response.Headers.GetValues(CellularHeaders.CellId)));
    }

    [Theory]
    [InlineData("{\"id\": ")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"id\": \"bad id!\"}")]
    [InlineData("{\"id\": 42}")]
    [InlineData("{\"id\": \"ok-id\", \"weight\": -5}")]
    public async Task Api_BadTenantBody_400Problem(string body)
    {
        using var response = await _stack.Api.PostAsync("/api/v1/tenants", new StringContent(body, Encoding.UTF8, "application/json"));

        Stack.AssertProblem(response, HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("{\"id\": \"UPPER\"}")]
    [InlineData("{\"id\": \"c9\", \"stage\": \"production-ish\"}")]
    [InlineData("{\"id\": \"c9\", \"capacity\": 0}")]
    public async Task Api_BadCellBody_400Problem(string body)
    {
        using var response = await _stack.Api.PostAsync("/api/v1/cells", new StringContent(body, Encoding.UTF8, "application/json"));

        Stack.AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Api_DuplicateTenant_409AndNothingLost()
    {
        var tenant = (await _stack.CreateTenantsAsync(1, "dup")).Single();

        using var response = await _stack.Api.PostAsJsonAsync("/api/v1/tenants", new { id = tenant.Id });

        Stack.AssertProblem(response, HttpStatusCode.Conflict);
        Assert.Equal(tenant.Cell, (await _stack.Local.Client.GetTenantAsync(tenant.Id)).Cell);
    }

    [Fact]
    public async Task Api_RetireCellWithTenants_409()
    {
        var tenant = (await _stack.CreateTenantsAsync(1, "stay")).Single();

        using var response = await _stack.Api.PostAsync($"/api/v1/cells/{tenant.Cell}/retire", null);

        Stack.AssertProblem(response, HttpStatusCode.Conflict);
    }
}
