using Cellular.Cell.Ownership;

namespace Cellular.Simulation;

/// <summary>
/// The cell's ownership state machine: the real <see cref="TenantOwnershipRules"/> of Cellular.Cell,
/// with one relaxation when epochs are broken on purpose (a fence at the current epoch is taken, so
/// a move can hand the tenant over without raising it).
/// </summary>
internal sealed class CellRules(BreakMode breakMode)
{
    public static string? Refusal(string tenant, TenantOwnership ownership, long? epoch) => TenantOwnershipRules.Refusal(tenant, ownership, epoch);

    public TenantOwnership Fence(string tenant, TenantOwnership current, long epoch) =>
        breakMode == BreakMode.Epoch && epoch == current.Epoch
            ? new TenantOwnership(Cellular.Core.Api.TenantOwnershipState.Fenced, epoch)
            : TenantOwnershipRules.Fence(tenant, current, epoch);

    public static TenantOwnership Unfence(string tenant, TenantOwnership current, long epoch) => TenantOwnershipRules.Unfence(tenant, current, epoch);

    public static TenantOwnership Activate(string tenant, TenantOwnership current, long epoch) => TenantOwnershipRules.Activate(tenant, current, epoch);

    public static TenantOwnership Moved(string tenant, TenantOwnership current, string cell, long epoch) => TenantOwnershipRules.Moved(tenant, current, cell, epoch);

    public static void EnsureFenced(string tenant, TenantOwnership current, string operation) => TenantOwnershipRules.EnsureFenced(tenant, current, operation);

    /// <summary>
    /// A forced purge (a rollback's, which names the move's epoch) deletes only a copy still fenced at
    /// that epoch, as <c>CellTenantOperations.PurgeAsync</c> checks it; the check is skipped when
    /// broken on purpose (<see cref="BreakMode.PurgeEpoch"/>, the contract as first built).
    /// </summary>
    public bool MayForcePurge(TenantOwnership current, long epoch) =>
        breakMode == BreakMode.PurgeEpoch
        || current.State == Cellular.Core.Api.TenantOwnershipState.Moved
        || (current.State == Cellular.Core.Api.TenantOwnershipState.Fenced && current.Epoch == epoch);
}
