using Cellular.Core.Api;

namespace Cellular.Cell.Ownership;

/// <summary>
/// The ownership state machine, as pure functions so the request path, the write guard and the
/// store's transaction all apply the same rules. Epochs never go down; a move burns its epoch
/// even when rolled back.
/// <code>
/// Serving(e) --fence(n &gt; e)--&gt; Fenced(n) --moved(c, n' ≥ n)--&gt; Moved(n', c)
///    ^                          |    ^                                  |
///    +------- unfence ----------+    +------------ fence(n &gt; e) -------+
/// Serving/Fenced(e) --activate(n ≥ e)--&gt; Serving(n)
/// </code>
/// </summary>
internal static class TenantOwnershipRules
{
    /// <summary>Why a request of <paramref name="tenant"/> carrying <paramref name="epoch"/> must be refused here, or null when it is served.</summary>
    public static string? Refusal(string tenant, TenantOwnership ownership, long? epoch) => ownership.State switch
    {
        TenantOwnershipState.Fenced =>
            $"Tenant '{tenant}' is fenced in this cell (epoch {ownership.Epoch}): it is being moved and this cell takes none of its requests. Refresh the routing table and retry.",
        TenantOwnershipState.Moved =>
            $"Tenant '{tenant}' moved to cell '{ownership.MovedTo}' at epoch {ownership.Epoch}. Refresh the routing table and retry there.",
        _ when epoch < ownership.Epoch =>
            $"The request carries epoch {epoch} for tenant '{tenant}', but this cell serves it at epoch {ownership.Epoch}: the routing table that sent it is stale. Refresh it and retry.",
        _ => null,
    };

    public static TenantOwnership Fence(string tenant, TenantOwnership current, long epoch) => current.State switch
    {
        TenantOwnershipState.Fenced when epoch >= current.Epoch => new(TenantOwnershipState.Fenced, epoch),
        _ when epoch > current.Epoch => new(TenantOwnershipState.Fenced, epoch),
        TenantOwnershipState.Fenced => throw Stale(tenant, current, epoch, "at least"),
        _ => throw Stale(tenant, current, epoch, "greater than"),
    };

    /// <summary>
    /// Serves a fenced tenant again. With <paramref name="epoch"/> (a rollback names its move's), only
    /// a fence at exactly that epoch is lifted: a newer move's fence, taken since the caller looked,
    /// stays (checked here under the tenant lock, which a check by the caller before the call cannot be).
    /// </summary>
    public static TenantOwnership Unfence(string tenant, TenantOwnership current, long? epoch = null) => current.State switch
    {
        TenantOwnershipState.Fenced when epoch is { } asked && asked != current.Epoch => throw new TenantOwnershipConflictException(
            $"Tenant '{tenant}' is fenced at epoch {current.Epoch} in this cell, not at epoch {asked}: a newer move fenced it, so it stays fenced."),
        TenantOwnershipState.Fenced => current with { State = TenantOwnershipState.Serving },
        TenantOwnershipState.Serving => current,
        _ => throw new TenantOwnershipConflictException(
            $"Tenant '{tenant}' moved to cell '{current.MovedTo}' at epoch {current.Epoch}; that is the point of no return and cannot be undone by unfence."),
    };

    public static TenantOwnership Activate(string tenant, TenantOwnership current, long epoch) => current.State switch
    {
        TenantOwnershipState.Moved => throw new TenantOwnershipConflictException(
            $"Tenant '{tenant}' moved away to cell '{current.MovedTo}'; its data here is not current. Fence it here, import it again, then activate."),
        _ when epoch >= current.Epoch => new(TenantOwnershipState.Serving, epoch),
        _ => throw Stale(tenant, current, epoch, "at least"),
    };

    public static TenantOwnership Moved(string tenant, TenantOwnership current, string cell, long epoch) => current.State switch
    {
        TenantOwnershipState.Serving => throw new TenantOwnershipConflictException(
            $"Tenant '{tenant}' is still served by this cell; fence it first so its in-flight writes drain."),
        TenantOwnershipState.Moved when epoch == current.Epoch && cell == current.MovedTo => current,
        TenantOwnershipState.Moved when epoch > current.Epoch => new(TenantOwnershipState.Moved, epoch, cell),
        TenantOwnershipState.Fenced when epoch >= current.Epoch => new(TenantOwnershipState.Moved, epoch, cell),
        TenantOwnershipState.Moved => throw Stale(tenant, current, epoch, $"greater than (or equal, for cell '{current.MovedTo}')"),
        _ => throw Stale(tenant, current, epoch, "at least"),
    };

    /// <summary>Import and change application overwrite the tenant's data, so only a tenant fenced here may receive them.</summary>
    public static void EnsureFenced(string tenant, TenantOwnership current, string operation)
    {
        if (current.State != TenantOwnershipState.Fenced)
        {
            throw new TenantOwnershipConflictException(
                $"Cannot {operation} tenant '{tenant}': it is {current.State} in this cell. Fence it here first (POST fence), so no write this cell serves can be overwritten.");
        }
    }

    private static TenantOwnershipConflictException Stale(string tenant, TenantOwnership current, long epoch, string relation) =>
        new($"Epoch {epoch} is stale for tenant '{tenant}': it is {current.State} here at epoch {current.Epoch}, and the epoch must be {relation} that.");
}
