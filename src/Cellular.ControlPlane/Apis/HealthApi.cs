using System.Data.Common;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Hosting;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cellular.ControlPlane.Apis;

/// <summary><c>/api/v1/health</c>: whether the control plane and its store work, and what they hold.</summary>
internal static class HealthApi
{
    public static RouteGroupBuilder MapHealthApi(this RouteGroupBuilder api)
    {
        api.MapGet("/health", GetAsync).WithTags("health").AllowAnonymous();
        return api;
    }

    private static async Task<Ok<ControlPlaneHealth>> GetAsync(IStoreDatabase database, TableVersionStore versionStore, ControlPlaneInstance instance, CancellationToken ct)
    {
        StoreCounts counts;
        try
        {
            counts = await database.ReadAsync(versionStore.GetCountsAsync, ct);
        }
        catch (DbException e)
        {
            throw new ControlPlaneException(ProblemKind.Unavailable, "Store unavailable", $"The store {database.Description} cannot be read: {e.Message}", e);
        }

        return TypedResults.Ok(new ControlPlaneHealth("Healthy", counts.Version, counts.Cells, counts.Tenants, instance.ProcessId, instance.StartedAt, database.Description, instance.ReplicaId));
    }
}
