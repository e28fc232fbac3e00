using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.ControlPlane.Tests.Auth;

/// <summary>Deny by default, checked: every endpoint of the app names its policy, and each is the one the contract lists.</summary>
public sealed class EndpointPolicyTests : IDisposable
{
    private const string Anonymous = "anonymous";

    /// <summary>The contract (docs/trust-controlplane.md): endpoint → policy.</summary>
    private static readonly Dictionary<string, string> Expected = new()
    {
        ["GET /api/v1/health"] = Anonymous,
        ["GET /api/v1/auth/tenant-issuer/jwks"] = Anonymous,
        ["GET /"] = Anonymous,
        ["POST /console/session"] = Anonymous,
        ["GET /console/sign-in"] = Anonymous,
        ["POST /console/sign-out"] = Anonymous,
        ["POST /api/v1/auth/console-links"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/cells"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/cells/{id}"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/cells/{id}/health"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/cell-templates"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/tenants"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/tenants/{id}"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/migrations"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/migrations/{id}"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/experiments"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/experiments/{id}"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/experiments/kill-switch"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/audit"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/fleet"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/fleet/stream"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/fleet/cells/{id}"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/tenants/{id}/route"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/deployments"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/deployments/{id}"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/deployments/freeze"] = AuthPolicies.ReadOnly,
        ["GET /api/v1/deployments/ledger"] = AuthPolicies.ReadOnly,
        ["POST /api/v1/deployments"] = AuthPolicies.CellOperator,
        ["POST /api/v1/deployments/{id}/pause"] = AuthPolicies.CellOperator,
        ["POST /api/v1/deployments/{id}/resume"] = AuthPolicies.CellOperator,
        ["POST /api/v1/deployments/{id}/abort"] = AuthPolicies.CellOperator,
        ["POST /api/v1/deployments/{id}/approve"] = AuthPolicies.CellOperator,
        ["POST /api/v1/deployments/freeze"] = AuthPolicies.CellOperator,
        ["DELETE /api/v1/deployments/freeze"] = AuthPolicies.CellOperator,
        ["GET /api/v1/routing-table"] = AuthPolicies.TableReader,
        ["GET /api/v1/routing-table/delta"] = AuthPolicies.TableReader,
        ["GET /api/v1/auth/whoami"] = AuthPolicies.TableReader,
        ["GET /api/v1/auth/assertion-keys"] = AuthPolicies.AssertionKeys,
        ["POST /api/v1/tenants"] = AuthPolicies.CellOperator,
        ["POST /api/v1/tenants/{id}/pin"] = AuthPolicies.CellOperator,
        ["POST /api/v1/tenants/{id}/unpin"] = AuthPolicies.CellOperator,
        ["POST /api/v1/cells/{id}/drain"] = AuthPolicies.CellOperator,
        ["POST /api/v1/cells/{id}/activate"] = AuthPolicies.CellOperator,
        ["POST /api/v1/cells/{id}/quarantine"] = AuthPolicies.CellOperator,
        ["POST /api/v1/cells/{id}/evacuate"] = AuthPolicies.CellOperator,
        ["POST /api/v1/migrations"] = AuthPolicies.CellOperator,
        ["POST /api/v1/migrations/{id}/abort"] = AuthPolicies.CellOperator,
        ["POST /api/v1/migrations/{id}/reverse"] = AuthPolicies.CellOperator,
        ["POST /api/v1/rebalance"] = AuthPolicies.CellOperator,
        ["POST /api/v1/experiments"] = AuthPolicies.CellOperator,
        ["POST /api/v1/experiments/{id}/stop"] = AuthPolicies.CellOperator,
        ["POST /api/v1/auth/tenant-tokens"] = AuthPolicies.Admin,
        ["POST /api/v1/cells"] = AuthPolicies.Admin,
        ["POST /api/v1/cells/{id}/retire"] = AuthPolicies.Admin,
        ["GET /api/v1/cells/{id}/secret"] = AuthPolicies.Admin,
        ["POST /api/v1/auth/keys"] = AuthPolicies.Admin,
        ["GET /api/v1/auth/keys"] = AuthPolicies.Admin,
        ["DELETE /api/v1/auth/keys/{name}"] = AuthPolicies.Admin,
        ["POST /api/v1/experiments/kill-switch"] = AuthPolicies.Admin,
        ["DELETE /api/v1/experiments/kill-switch"] = AuthPolicies.Admin,
        ["POST /api/v1/auth/assertion-keys/rotate"] = AuthPolicies.Admin,
    };

    private readonly TempDirectory _root = new("cp-policies");
    private readonly ControlPlaneApp _app;

    public EndpointPolicyTests()
    {
        _app = new ControlPlaneApp(_root.Path);
        _app.Client().Dispose();
    }

    public void Dispose()
    {
        _app.Dispose();
        _root.Dispose();
    }

    [Fact]
    public void EveryEndpoint_HasAnExplicitPolicyOrAllowAnonymous()
    {
        var missing = Endpoints().Where(e => Policy(e.Endpoint) is null).Select(e => e.Name).ToList();

        Assert.True(missing.Count == 0, "Endpoints without an explicit policy or AllowAnonymous: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryEndpoint_HasThePolicyTheContractLists()
    {
        var actual = Endpoints().ToDictionary(e => e.Name, e => Policy(e.Endpoint) ?? "(none)");

        Assert.Equal(Expected.OrderBy(p => p.Key, StringComparer.Ordinal), actual.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task FallbackPolicy_RequiresAnAuthenticatedUser()
    {
        var options = _app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthorizationOptions>>().Value;

        Assert.NotNull(options.FallbackPolicy);
        Assert.Contains(options.FallbackPolicy!.Requirements, r => r is Microsoft.AspNetCore.Authorization.Infrastructure.DenyAnonymousAuthorizationRequirement);
        using var client = _app.AnonymousClient();
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/no-such-thing")).StatusCode);
    }

    private IEnumerable<(string Name, RouteEndpoint Endpoint)> Endpoints()
    {
        var sources = _app.Services.GetServices<EndpointDataSource>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var method in methods)
            {
                yield return ($"{method} /{endpoint.RoutePattern.RawText!.Trim('/')}", endpoint);
            }
        }
    }

    private static string? Policy(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return Anonymous;
        }

        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).Distinct().ToList();
        return policies.Count == 1 ? policies[0] : policies.Count == 0 ? null : string.Join("+", policies);
    }
}
