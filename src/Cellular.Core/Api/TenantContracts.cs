namespace Cellular.Core.Api;

/// <summary>Body of <c>POST /api/v1/tenants</c>. Only <see cref="Id"/> is required.</summary>
/// <param name="Id">Tenant id.</param>
/// <param name="Cell">Place the tenant in this cell instead of letting placement choose.</param>
/// <param name="Weight">Weight units the tenant uses, default 1.</param>
/// <param name="Region">Restrict placement to cells of this region.</param>
public sealed record CreateTenantRequest(string? Id, string? Cell = null, int? Weight = null, string? Region = null);

/// <summary>A tenant as the API shows it.</summary>
public sealed record TenantView(string Id, string Cell, int Weight, bool Pinned, long Epoch, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One page of a listing; pass <see cref="Next"/> as <c>after</c> to get the next page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next, int Total);
