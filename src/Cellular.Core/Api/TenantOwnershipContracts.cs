namespace Cellular.Core.Api;

/// <summary>Whether a cell serves a tenant; kept by the cell next to the tenant's data.</summary>
public enum TenantOwnershipState
{
    /// <summary>The cell serves the tenant (the state of every tenant without a record).</summary>
    Serving,

    /// <summary>The cell holds the tenant's data but refuses its requests with 421 (a move is in progress).</summary>
    Fenced,

    /// <summary>The tenant lives in another cell now; requests get 421 naming that cell.</summary>
    Moved,
}

/// <summary>Body of <c>POST /_cell/tenants/{t}/fence</c> and <c>activate</c>.</summary>
/// <param name="Epoch">Required, ≥ 0: the tenant's epoch after the move.</param>
public sealed record TenantEpochRequest(long? Epoch);

/// <summary>Body of <c>POST /_cell/tenants/{t}/moved</c>.</summary>
/// <param name="Cell">Required: the cell that owns the tenant now.</param>
/// <param name="Epoch">Required: the epoch the tenant has there.</param>
public sealed record TenantMovedRequest(string? Cell, long? Epoch);

/// <summary>Answer of <c>POST /_cell/tenants/{t}/fence</c> once in-flight requests have drained.</summary>
/// <param name="Tenant">The fenced tenant.</param>
/// <param name="Epoch">The epoch recorded with the fence.</param>
/// <param name="Position">
/// The tenant's change-sequence high-water mark after the drain: every write this cell ever
/// acknowledged has a sequence number at most this.
/// </param>
/// <param name="DrainMilliseconds">How long the drain took.</param>
public sealed record TenantFenceResult(string Tenant, long Epoch, long Position, long DrainMilliseconds);

/// <summary>A tenant as one cell sees it: <c>GET /_cell/tenants/{t}</c> and the answer of every ownership change.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="State">Whether this cell serves it.</param>
/// <param name="Epoch">The epoch recorded here (0 without a record).</param>
/// <param name="MovedTo">The owning cell when <see cref="TenantOwnershipState.Moved"/>.</param>
/// <param name="Rows">The tenant's live rows here.</param>
/// <param name="Watermark">The tenant's change-sequence high-water mark here.</param>
/// <param name="InFlight">The tenant's app requests being handled right now.</param>
public sealed record CellTenantView(string Tenant, TenantOwnershipState State, long Epoch, string? MovedTo, long Rows, long Watermark, int InFlight);
