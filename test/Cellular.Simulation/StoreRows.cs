using Cellular.Core.Api;

namespace Cellular.Simulation;

/// <summary>A row of the control plane's <c>tenants</c> table: the cell that owns the tenant and the epoch it serves it at.</summary>
internal sealed record TenantRow(string Id, string Cell, long Epoch);

/// <summary>
/// A row of the <c>migrations</c> table, with what the workflow reads back on resume: its step
/// (the real <see cref="MigrationState"/>), the epochs, how far the target is known to be synced
/// and when the soak ends.
/// </summary>
internal sealed record MigrationRow(
    string Id,
    string Tenant,
    string From,
    string To,
    long FromEpoch,
    long Epoch,
    MigrationState State,
    long SyncedTo,
    long? SoakUntil,
    string? Reason);

/// <summary>A row of the <c>leases</c> table: who drives the workflow, its fencing token and its expiry in database time.</summary>
internal sealed record LeaseRow(string Name, string? Owner, long Token, long ExpiresAt);

/// <summary>What a workflow's store write proves in its transaction: its lease is still this owner's, with this token, unexpired.</summary>
internal sealed record LeaseGuard(string Name, string Owner, long Token);

/// <summary>Where the routers send a tenant: the routing table's row.</summary>
internal sealed record Route(string Cell, long Epoch);

/// <summary>A published routing table: its version and every tenant's route.</summary>
internal sealed record RoutingTable(long Version, IReadOnlyDictionary<string, Route> Routes)
{
    public override string ToString() =>
        $"version {Version}: {string.Join(", ", Routes.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} → {r.Value.Cell} at {r.Value.Epoch}"))}";
}

/// <summary>An unfinished migration and its lease, as the scheduler's scan reads them.</summary>
internal sealed record UnfinishedMigration(MigrationRow Migration, LeaseRow? Lease)
{
    public override string ToString() =>
        $"{Migration.Id} {Migration.State} (lease {Lease?.Owner ?? "free"}, token {Lease?.Token ?? 0}, expires {Lease?.ExpiresAt ?? 0})";
}
