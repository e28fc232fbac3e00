using System.Net;
using System.Net.Http.Headers;
using Cellular.Cli.Local;
using Cellular.Core;
using Cellular.EndToEnd.Tests.Infrastructure;

namespace Cellular.EndToEnd.Tests;

/// <summary>
/// <c>cellctl up --tenant-auth jwt</c>: the router wants a tenant JWT from the control plane's
/// local issuer, and <c>cellctl tokens issue</c> makes one with the caller's key.
/// </summary>
public sealed class TenantJwtTests
{
    [Fact]
    public async Task Router_WithJwt_IssuedTokenServes_NoTokenIs401_TokenForAnotherTenantIs403()
    {
        await using var stack = await Stack.StartAsync(cells: 2, tenantAuth: LocalTenantAuth.Jwt);
        var tenants = await stack.CreateTenantsAsync(2, "jwt");
        var (a, b) = (tenants[0].Id, tenants[1].Id);

        // From another directory, with the stack's data dir: the key is read from its admin-token.
        var issued = await Cellctl.RunAsync(
            null, "tokens", "issue", "--tenant", a, "--ttl", "10m", "--api", stack.Local.ApiUrl.ToString(), "--data-dir", stack.DataDirectory);
        Assert.True(issued.ExitCode == 0, $"cellctl tokens issue failed ({issued.ExitCode}): {issued.Error}");
        var lines = issued.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var token = Assert.Single(lines).Trim();
        Assert.Equal(3, token.Split('.').Length);

        // The token alone: its tenant is the claim.
        using (var response = await stack.Router.SendAsync(WithToken(new HttpRequestMessage(HttpMethod.Get, "/notes"), token)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The token and the same tenant key.
        using (var response = await stack.Router.SendAsync(WithToken(Stack.ForTenant(HttpMethod.Post, "/notes", a, new { text = "signed in" }), token)))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        // No token: 401 with a Bearer challenge, nothing forwarded.
        using (var response = await stack.ReadNotesAsync(a))
        {
            Stack.AssertProblem(response, HttpStatusCode.Unauthorized);
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
            Assert.False(response.Headers.Contains(CellularHeaders.CellId));
        }

        // A's token with B's key, by header or by path: 403.
        using (var response = await stack.Router.SendAsync(WithToken(Stack.ForTenant(HttpMethod.Get, "/notes", b), token)))
        {
            Stack.AssertProblem(response, HttpStatusCode.Forbidden);
            Assert.False(response.Headers.Contains(CellularHeaders.CellId));
        }

        using (var response = await stack.Router.SendAsync(WithToken(new HttpRequestMessage(HttpMethod.Get, $"/t/{b}/notes"), token)))
        {
            Stack.AssertProblem(response, HttpStatusCode.Forbidden);
        }

        // A token that is not one: 401.
        using (var response = await stack.Router.SendAsync(WithToken(Stack.ForTenant(HttpMethod.Get, "/notes", a), token[..^4] + "AAAA")))
        {
            Stack.AssertProblem(response, HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task TokensIssue_WithoutAKey_RefusedWithAHint()
    {
        await using var stack = await Stack.StartAsync(cells: 1, tenantAuth: LocalTenantAuth.Jwt);
        using var empty = new Cellular.Testing.TempDirectory("no-key");

        var issued = await Cellctl.RunAsync(null, "tokens", "issue", "--tenant", "acme", "--api", stack.Local.ApiUrl.ToString(), "--data-dir", empty.Path);

        Assert.Equal(1, issued.ExitCode);
        Assert.Empty(issued.Out.Trim());
        Assert.True(issued.Error.Contains("pass --token or set CELLULAR_TOKEN", StringComparison.Ordinal), issued.Error);
    }

    private static HttpRequestMessage WithToken(HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
