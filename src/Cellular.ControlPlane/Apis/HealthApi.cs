using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Hosting;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;

namespace Cellular.ControlPlane.Apis;

/// <summary><c>/api/v1/health</c>: whether the control plane and its store work, and what they hold.</summary>
internal static class HealthApi
{
    public static RouteGroupBuilder MapHealthApi(this RouteGroupBuilder api)
    {
        api.MapGet("/health", GetAsync).WithTags("health").AllowAnonymous();
        return api;
    }

    private static async Task<Ok<ControlPlaneHealth>> GetAsync(ICellularStore store, ControlPlaneInstance instance, CancellationToken ct)
    {
        StoreCounts counts;
        try
        {
            counts = await store.GetCountsAsync(ct);
        }
        catch (SqliteException e)
        {
            throw new ControlPlaneException(ProblemKind.Unavailable, "Store unavailable", $"The store {store.Description} cannot be read: {e.Message}", e);
        }

        return TypedResults.Ok(new ControlPlaneHealth("Healthy", counts.Version, counts.Cells, counts.Tenants, instance.ProcessId, instance.StartedAt, store.Description, instance.ReplicaId));
    }
}
