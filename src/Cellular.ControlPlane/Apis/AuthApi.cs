using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Http;
using Cellular.Core.Api;
using Cellular.Core.Http;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cellular.ControlPlane.Apis;

/// <summary><c>/api/v1/auth</c>: API keys, whoami, tenant-assertion keys, the local tenant issuer; and <c>/cells/{id}/secret</c>.</summary>
internal static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("auth");
        auth.MapGet("/whoami", (HttpContext context) => TypedResults.Ok(AuthService.WhoAmI(context.User))).RequireAuthorization(AuthPolicies.TableReader);
        auth.MapPost("/keys", CreateKeyAsync).RequireAuthorization(AuthPolicies.Admin);
        auth.MapGet("/keys", async (ApiKeyService keys, CancellationToken ct) => TypedResults.Ok(await keys.ListAsync(ct))).RequireAuthorization(AuthPolicies.Admin);
        auth.MapDelete("/keys/{name}", async (string name, HttpRequest request, ApiKeyService keys, CancellationToken ct) =>
            TypedResults.Ok(await keys.RevokeAsync(name, Actor.From(request), ct))).RequireAuthorization(AuthPolicies.Admin);
        auth.MapGet("/assertion-keys", async (AuthService service, CancellationToken ct) => TypedResults.Ok(await service.GetAssertionKeysAsync(ct)))
            .RequireAuthorization(AuthPolicies.AssertionKeys);
        auth.MapPost("/assertion-keys/rotate", async (HttpRequest request, AuthService service, CancellationToken ct) =>
            TypedResults.Ok(await service.RotateAssertionKeysAsync(Actor.From(request), ct))).RequireAuthorization(AuthPolicies.Admin);
        auth.MapGet("/tenant-issuer/jwks", (TenantIssuer issuer) => TypedResults.Text(issuer.Jwks().ToJsonString(), "application/json"))
            .AllowAnonymous();
        auth.MapPost("/tenant-tokens", IssueTenantTokenAsync).RequireAuthorization(AuthPolicies.Admin);
        api.MapGet("/cells/{id}/secret", async (string id, HttpRequest request, AuthService service, CancellationToken ct) =>
            TypedResults.Ok(await service.GetCellSecretAsync(id, Actor.From(request), ct))).WithTags("cells").RequireAuthorization(AuthPolicies.Admin);
        return api;
    }

    private static async Task<Created<CreatedApiKey>> CreateKeyAsync(HttpRequest request, ApiKeyService keys, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, CellularJsonContext.Default.CreateApiKeyRequest, ct);
        var key = await keys.CreateAsync(body, Actor.From(request), ct);
        return TypedResults.Created($"/api/v1/auth/keys/{key.Name}", key);
    }

    private static async Task<Ok<TenantToken>> IssueTenantTokenAsync(HttpRequest request, TenantIssuer issuer, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, CellularJsonContext.Default.TenantTokenRequest, ct);
        return TypedResults.Ok(await issuer.IssueAsync(body, Actor.From(request), ct));
    }
}
