namespace Cellular.Simulation;

/// <summary>An unfinished migration and its lease, as the scheduler's scan reads them.</summary>
internal sealed record UnfinishedMigration(MigrationRow Migration, LeaseRow? Lease)
{
    public override string ToString() =>
        $"{Migration.Id} {Migration.State} (lease {Lease?.Owner ?? "free"}, token {Lease?.Token ?? 0}, expires {Lease?.ExpiresAt ?? 0})";
}
