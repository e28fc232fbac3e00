using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Http;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cellular.ControlPlane.Apis;

/// <summary>
/// <c>GET /api/v1/audit?limit=&amp;before=&amp;action=&amp;actor=&amp;target=</c>: who changed what, newest
/// first, one page at a time; <c>next</c> is the <c>before</c> of the next page.
/// </summary>
internal static class AuditApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    private const int MaxFilterLength = 128;

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", GetAsync).WithTags("audit").RequireAuthorization(AuthPolicies.ReadOnly);
        return api;
    }

    private static async Task<Ok<Page<AuditEntry>>> GetAsync(HttpRequest request, IStoreDatabase database, AuditStore auditStore, CancellationToken ct)
    {
        var limit = QueryValues.Int(request, "limit", 1, MaxLimit) ?? DefaultLimit;
        var before = QueryValues.Long(request, "before", 1, long.MaxValue);
        var query = new AuditQuery(limit, before, Filter(request, "action"), Filter(request, "actor"), Filter(request, "target"));
        return TypedResults.Ok(await database.ReadAsync(tx => auditStore.ListAsync(tx, query), ct));
    }

    private static string? Filter(HttpRequest request, string name) =>
        QueryValues.Single(request, name) switch
        {
            null or "" => null,
            { Length: > MaxFilterLength } => throw ControlPlaneException.BadRequest($"The query parameter '{name}' must be at most {MaxFilterLength} characters."),
            var value => value,
        };
}
