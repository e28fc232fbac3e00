using Cellular.Core.Api;

namespace Cellular.Cell.TenantData;

/// <summary>A read of a tenant's change feed, from <see cref="ITenantDataStore.GetChangesAsync"/>.</summary>
/// <param name="Changes">Changes above the requested number, ascending, at most the requested count.</param>
/// <param name="HighWater">The tenant's highest sequence number, read in the same transaction.</param>
public sealed record TenantChanges(IReadOnlyList<TenantChange> Changes, long HighWater);
