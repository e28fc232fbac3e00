using Cellular.Core.Api;

namespace Cellular.Cell.Ownership;

/// <summary>
/// Whether this cell serves a tenant, as the app's store keeps it next to the tenant's data so a
/// write can check it in its own transaction. Epochs recorded for a tenant never go down.
/// </summary>
/// <param name="State">Serving, Fenced or Moved.</param>
/// <param name="Epoch">The epoch of the last ownership change here; requests carrying a lower one are refused.</param>
/// <param name="MovedTo">The cell that owns the tenant now, when <see cref="TenantOwnershipState.Moved"/>.</param>
public sealed record TenantOwnership(TenantOwnershipState State, long Epoch, string? MovedTo = null)
{
    /// <summary>A tenant without a record: served here at epoch 0 (every tenant placed directly).</summary>
    public static TenantOwnership Unrecorded { get; } = new(TenantOwnershipState.Serving, 0);
}
