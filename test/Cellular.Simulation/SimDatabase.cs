using System.Globalization;
using Cellular.Core.Api;

namespace Cellular.Simulation;

/// <summary>
/// The control plane's database (PostgreSQL in production): tenants, migrations, leases and the
/// table version. Every method is one transaction, run atomically when the request reaches the
/// database, with the database's clock (<see cref="SimScheduler.Now"/>) — so, as with the
/// advisory-locked write transactions of the real store, a rule checked inside cannot race. It
/// does not crash (it is the durable truth), but replicas and routers can be cut off from it.
/// A workflow's writes carry a <see cref="LeaseGuard"/> and are refused unless the lease is still
/// the writer's with that token and unexpired (the lease fence), unless fencing is broken on purpose.
/// </summary>
internal sealed class SimDatabase(SimScheduler scheduler, SimulationSettings settings, BreakMode breakMode)
{
    private readonly Dictionary<string, TenantRow> _tenants = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, MigrationRow> _migrations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LeaseRow> _leases = new(StringComparer.Ordinal);
    private int _nextMigration = 1;

    public SimNode Node { get; } = new("db", NodeKind.Database);

    public long Version { get; private set; } = 1;

    private long Now => scheduler.Now;

    public void AddTenant(TenantRow tenant) => _tenants[tenant.Id] = tenant;

    public RoutingTable Table() =>
        new(Version, _tenants.Values.ToDictionary(t => t.Id, t => new Route(t.Cell, t.Epoch), StringComparer.Ordinal));

    public TenantRow? Tenant(string id) => _tenants.GetValueOrDefault(id);

    public MigrationRow? Migration(string id) => _migrations.GetValueOrDefault(id);

    public IReadOnlyList<MigrationRow> Migrations => [.. _migrations.Values];

    public LeaseRow? Lease(string name) => _leases.GetValueOrDefault(name);

    public IReadOnlyList<UnfinishedMigration> Unfinished() =>
        [.. _migrations.Values.Where(m => !m.State.IsTerminal()).Select(m => new UnfinishedMigration(m, Lease(m.Id)))];

    /// <summary>An operator plans a move (the API's create): refused while the tenant has an unfinished migration.</summary>
    public MigrationRow? Plan(string tenant, string to)
    {
        var row = _tenants[tenant];
        if (row.Cell == to || _migrations.Values.Any(m => m.Tenant == tenant && !m.State.IsTerminal()))
        {
            return null;
        }

        // The move's epoch is the next one; with epochs broken on purpose the target serves at the same epoch.
        var epoch = breakMode == BreakMode.Epoch ? row.Epoch : row.Epoch + 1;
        var id = "m" + _nextMigration++.ToString(CultureInfo.InvariantCulture);
        var migration = new MigrationRow(id, tenant, row.Cell, to, row.Epoch, epoch, MigrationState.Planned, 0, null, null);
        _migrations[id] = migration;
        return migration;
    }

    /// <summary>Claims the workflow's lease when it is free or expired (database time), with the next fencing token; null when held.</summary>
    public long? Claim(string name, string owner)
    {
        var current = Lease(name);
        if (Migration(name) is not { } migration || migration.State.IsTerminal())
        {
            return null;
        }

        if (current is { Owner: not null } && current.ExpiresAt > Now)
        {
            return null;
        }

        var token = (current?.Token ?? 0) + 1;
        _leases[name] = new LeaseRow(name, owner, token, Now + settings.LeaseMs);
        return token;
    }

    /// <summary>Extends the lease when it is still the caller's and unexpired; false when it was lost.</summary>
    public bool Heartbeat(LeaseGuard guard)
    {
        if (!Holds(guard))
        {
            return false;
        }

        _leases[guard.Name] = _leases[guard.Name] with { ExpiresAt = Now + settings.LeaseMs };
        return true;
    }

    /// <summary>Frees the lease when the run ends (only if it is still the caller's), keeping the token so the next claim gets a higher one.</summary>
    public bool Release(LeaseGuard guard)
    {
        if (Lease(guard.Name) is not { } lease || lease.Owner != guard.Owner || lease.Token != guard.Token)
        {
            return false;
        }

        _leases[guard.Name] = lease with { Owner = null, ExpiresAt = Now };
        return true;
    }

    /// <summary>UpdateMigrationAsync: changes the migration when it is in one of <paramref name="from"/>; null when it is not.</summary>
    public MigrationRow? Update(LeaseGuard guard, string id, IReadOnlyCollection<MigrationState> from, Func<MigrationRow, MigrationRow> change)
    {
        Fence(guard);
        if (Migration(id) is not { } current || !from.Contains(current.State))
        {
            return null;
        }

        var updated = change(current);
        _migrations[id] = updated;
        return updated;
    }

    /// <summary>SwitchMigrationAsync: in one transaction, tenant → target at the new epoch, migration Switched, table version bumped.</summary>
    public MigrationRow Switch(LeaseGuard guard, string id, Func<MigrationRow, MigrationRow> change)
    {
        Fence(guard);
        var current = Migration(id) ?? throw new RemoteRefusalException($"Migration {id} not found.");
        if (current.State != MigrationState.Cutover)
        {
            throw new RemoteRefusalException($"Migration {id} is {current.State}; only a migration in Cutover switches.");
        }

        var tenant = _tenants[current.Tenant];
        if (tenant.Cell != current.From || tenant.Epoch != current.FromEpoch)
        {
            throw new RemoteRefusalException($"Tenant '{tenant.Id}' is in cell '{tenant.Cell}' at epoch {tenant.Epoch} now, not in '{current.From}' at epoch {current.FromEpoch}.");
        }

        _tenants[tenant.Id] = tenant with { Cell = current.To, Epoch = current.Epoch };
        var updated = change(current) with { State = MigrationState.Switched };
        _migrations[id] = updated;
        Version++;
        return updated;
    }

    /// <summary>EndMigrationAsync: ends a migration that has not switched and, when it started, burns its epoch (the source serves at the new one).</summary>
    public MigrationRow? End(LeaseGuard guard, string id, Func<MigrationRow, MigrationRow> change, bool burnEpoch)
    {
        Fence(guard);
        if (Migration(id) is not { } current || !MigrationStateExtensions.BeforeSwitch.Contains(current.State))
        {
            return null;
        }

        var updated = change(current);
        _migrations[id] = updated;
        var tenant = _tenants[current.Tenant];
        if (burnEpoch && tenant.Cell == current.From && tenant.Epoch < current.Epoch)
        {
            _tenants[tenant.Id] = tenant with { Epoch = current.Epoch };
            Version++;
        }

        return updated;
    }

    /// <summary>LeaseStore.IsHeldAsync: the lease is still the caller's, with its token, unexpired.</summary>
    public bool Holds(LeaseGuard guard) =>
        Lease(guard.Name) is { } lease && lease.Owner == guard.Owner && lease.Token == guard.Token && lease.ExpiresAt > Now;

    /// <summary>The lease fence (LeaseFence : IStoreWriteGuard), checked inside the write's transaction.</summary>
    private void Fence(LeaseGuard guard)
    {
        if (breakMode == BreakMode.Fencing || Holds(guard))
        {
            return;
        }

        var lease = Lease(guard.Name);
        throw new RemoteRefusalException(
            $"Lease {guard.Name} is not {guard.Owner}'s with token {guard.Token} (it is {lease?.Owner ?? "free"}'s, token {lease?.Token}, expiring at {lease?.ExpiresAt}).",
            RefusalCode.LeaseLost);
    }
}
