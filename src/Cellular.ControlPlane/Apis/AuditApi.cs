using Cellular.ControlPlane.Http;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cellular.ControlPlane.Apis;

/// <summary><c>/api/v1/audit</c>: who changed what, newest first.</summary>
internal static class AuditApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", GetAsync).WithTags("audit");
        return api;
    }

    private static async Task<Ok<List<AuditEntry>>> GetAsync(HttpRequest request, ICellularStore store, CancellationToken ct)
    {
        var limit = QueryValues.Int(request, "limit", 1, MaxLimit) ?? DefaultLimit;
        return TypedResults.Ok((await store.ListAuditAsync(limit, ct)).ToList());
    }
}
