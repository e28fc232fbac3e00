using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Http;
using Cellular.ControlPlane.Tenants;
using Cellular.Core.Api;
using Cellular.Core.Http;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cellular.ControlPlane.Apis;

/// <summary><c>/api/v1/tenants</c>: tenants, their placement and pins.</summary>
internal static class TenantsApi
{
    public static RouteGroupBuilder MapTenantsApi(this RouteGroupBuilder api)
    {
        var tenants = api.MapGroup("/tenants").WithTags("tenants");
        tenants.MapPost(string.Empty, CreateAsync).RequireAuthorization(AuthPolicies.CellOperator);
        tenants.MapGet(string.Empty, ListAsync).RequireAuthorization(AuthPolicies.ReadOnly);
        tenants.MapGet("/{id}", GetAsync).RequireAuthorization(AuthPolicies.ReadOnly);
        tenants.MapPost("/{id}/pin", (string id, HttpRequest request, TenantService service, CancellationToken ct) => PinAsync(id, true, request, service, ct)).RequireAuthorization(AuthPolicies.CellOperator);
        tenants.MapPost("/{id}/unpin", (string id, HttpRequest request, TenantService service, CancellationToken ct) => PinAsync(id, false, request, service, ct)).RequireAuthorization(AuthPolicies.CellOperator);
        return api;
    }

    private static async Task<Created<TenantView>> CreateAsync(HttpRequest request, TenantService service, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, CellularJsonContext.Default.CreateTenantRequest, ct);
        var tenant = await service.CreateAsync(body, Actor.From(request), ct);
        return TypedResults.Created($"/api/v1/tenants/{Uri.EscapeDataString(tenant.Id)}", tenant);
    }

    private static async Task<Ok<Page<TenantView>>> ListAsync(HttpRequest request, TenantService service, CancellationToken ct)
    {
        var limit = QueryValues.Int(request, "limit", 1, TenantService.MaxPageSize) ?? TenantService.DefaultPageSize;
        var after = QueryValues.TenantId(request, "after");
        return TypedResults.Ok(await service.ListAsync(limit, after, QueryValues.CellId(request, "cell"), ct));
    }

    private static async Task<Ok<TenantView>> GetAsync(string id, TenantService service, CancellationToken ct) =>
        TypedResults.Ok(await service.GetAsync(id, ct));

    private static async Task<Ok<TenantView>> PinAsync(string id, bool pinned, HttpRequest request, TenantService service, CancellationToken ct) =>
        TypedResults.Ok(await service.SetPinnedAsync(id, pinned, Actor.From(request), ct));
}
