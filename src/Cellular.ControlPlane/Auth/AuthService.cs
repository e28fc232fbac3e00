using System.Security.Claims;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Cellular.Core.Security;

namespace Cellular.ControlPlane.Auth;

/// <summary>The rules of the trust endpoints: who am I, assertion keys and their rotation, cell secrets.</summary>
internal sealed partial class AuthService(IStoreDatabase database, CellStore cellStore, AuditStore auditStore, ICellularStore store, CellKeys keys, ILogger<AuthService> logger)
{
    public static WhoAmI WhoAmI(ClaimsPrincipal user)
    {
        var name = user.Identity?.Name ?? Http.Actor.Anonymous;
        var role = ApiRoles.TryParse(user.FindFirst(ClaimTypes.Role)?.Value ?? FindRole(user), out var parsed) ? parsed : ApiRole.ReadOnly;
        var kind = user.FindFirst(ApiKeyAuthenticationHandler.KindClaim)?.Value ?? "jwt";
        return new WhoAmI(name, role, kind);
    }

    public async Task<AssertionKeySet> GetAssertionKeysAsync(CancellationToken ct)
    {
        var generation = await store.GetAssertionGenerationAsync(ct);
        var cells = (await database.ReadAsync(cellStore.ListAsync, ct))
            .Where(c => c.Cell.State != CellState.Retired)
            .Select(c => new CellAssertionKey(c.Cell.Id, CellSecrets.Encode(keys.AssertionKeyFor(c.Cell.Id, generation))))
            .ToList();
        return new AssertionKeySet(generation, cells);
    }

    public async Task<AssertionKeySet> RotateAssertionKeysAsync(string actor, CancellationToken ct)
    {
        var generation = await store.RotateAssertionGenerationAsync(actor, ct);
        Log.Rotated(logger, generation, actor);
        return await GetAssertionKeysAsync(ct);
    }

    public async Task<CellSecretView> GetCellSecretAsync(string id, string actor, CancellationToken ct)
    {
        var cell = await database.ReadAsync(tx => cellStore.GetAsync(tx, id), ct) ?? throw ControlPlaneException.CellNotFound(id);
        await database.WriteAsync(tx => auditStore.AppendAsync(tx, actor, "cell.secret.read", AuditDetail.CellTarget(cell.Cell.Id), null), ct);
        Log.SecretRead(logger, cell.Cell.Id, actor);
        return new CellSecretView(cell.Cell.Id, keys.EncodedSecretFor(cell.Cell.Id));
    }

    private static string? FindRole(ClaimsPrincipal user) =>
        user.Identities.Select(i => i.FindFirst(i.RoleClaimType)?.Value).FirstOrDefault(v => v is not null);

    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.AssertionKeysRotated, LogLevel.Information, "Assertion keys rotated to generation {generation} by {actor}")]
        public static partial void Rotated(ILogger logger, long generation, string actor);

        [LoggerMessage(Logging.EventIds.CellSecretRead, LogLevel.Information, "The secret of cell {cell} was read by {actor}")]
        public static partial void SecretRead(ILogger logger, string cell, string actor);
    }
}
