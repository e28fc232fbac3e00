using System.Globalization;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Migrations;
using Cellular.ControlPlane.Placement;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Cellular.ControlPlane.Store.Rows;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cellular.ControlPlane.Store.Sqlite;

/// <summary>Migration rows: planning with placement and reservations, step changes, the switch journal, rollback and reverse.</summary>
internal sealed partial class SqliteCellularStore
{
    public Task<Migration> CreateMigrationAsync(MigrationRequest request, string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                var tenant = (await FindTenantAsync(c, tx, request.Tenant) ?? throw ControlPlaneException.TenantNotFound(request.Tenant)).Tenant;
                await EnsureNotMovingAsync(c, tx, tenant.Id, except: null);
                if (tenant.Pinned && !request.Force)
                {
                    throw MigrationErrors.Pinned(tenant.Id, tenant.Cell);
                }

                var target = request.To is null
                    ? await PlaceMigrationAsync(c, tx, tenant)
                    : await CheckMigrationTargetAsync(c, tx, tenant, request.To, allowDraining: false);
                var at = StoreTime.Parse(now);
                var (seq, id) = await NextMigrationIdAsync(c, tx);
                var migration = new Migration(
                    id, tenant.Id, tenant.Cell, target, tenant.Weight, tenant.Epoch, tenant.Epoch + 1, MigrationState.Planned, request.Force,
                    AbortRequested: false, ReverseOf: null, ReversedBy: null, Reason: null, LastError: null, actor, at, at, SoakUntil: null, MigrationReport.Empty);
                await InsertMigrationAsync(c, tx, seq, migration);
                await AppendAuditAsync(c, tx, now, actor, "migration.create", MigrationErrors.Target(id), MigrationDetail(migration));
                return migration;
            },
            cancellationToken);

    public Task<Migration?> GetMigrationAsync(string id, CancellationToken cancellationToken) =>
        ReadAsync((c, tx) => FindMigrationAsync(c, tx, id), cancellationToken);

    public Task<IReadOnlyList<Migration>> ListMigrationsAsync(MigrationState? state, string? tenant, string? cell, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Migration>>(
            async (c, tx) => (await c.QueryAsync<string>(
                    $"{MigrationRow.Select} WHERE (@state IS NULL OR state = @state) AND (@tenant IS NULL OR tenant = @tenant) AND (@cell IS NULL OR source = @cell OR target = @cell) ORDER BY seq DESC LIMIT @limit;",
                    new { state = state?.ToString(), tenant, cell, limit },
                    tx))
                .Select(MigrationRow.Read)
                .ToList(),
            cancellationToken);

    public Task<IReadOnlyList<Migration>> ListUnfinishedMigrationsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<Migration>>(
            async (c, tx) => (await c.QueryAsync<string>($"{MigrationRow.Select} WHERE state NOT IN {MigrationRow.Finished} ORDER BY seq;", transaction: tx))
                .Select(MigrationRow.Read)
                .ToList(),
            cancellationToken);

    public Task<Migration?> UpdateMigrationAsync(
        string id,
        IReadOnlyCollection<MigrationState> from,
        Func<Migration, Migration> change,
        MigrationAudit? audit,
        CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                var current = await FindMigrationAsync(c, tx, id);
                if (current is null || !from.Contains(current.State))
                {
                    return null;
                }

                var updated = change(current) with { UpdatedAt = StoreTime.Parse(now) };
                await SaveMigrationAsync(c, tx, updated);
                if (audit is not null)
                {
                    await AppendAuditAsync(c, tx, now, audit.Actor, audit.Action, MigrationErrors.Target(id), audit.Detail);
                }

                return updated;
            },
            cancellationToken);

    public Task<Committed<Migration>> SwitchMigrationAsync(string id, Func<Migration, Migration> change, string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                var current = await FindMigrationAsync(c, tx, id) ?? throw MigrationErrors.NotFound(id);
                if (current.State != MigrationState.Cutover)
                {
                    throw ControlPlaneException.Conflict("Migration cannot switch", $"Migration {id} is {current.State}; only a migration in Cutover switches.");
                }

                if (current.AbortRequested)
                {
                    throw ControlPlaneException.Conflict("Migration abort requested", $"An abort of migration {id} was requested before its switch was journaled.");
                }

                var tenant = (await FindTenantAsync(c, tx, current.Tenant) ?? throw ControlPlaneException.TenantNotFound(current.Tenant)).Tenant;
                if (tenant.Cell != current.From || tenant.Epoch != current.FromEpoch)
                {
                    throw ControlPlaneException.Conflict(
                        "Tenant changed",
                        $"Tenant '{tenant.Id}' is in cell '{tenant.Cell}' at epoch {tenant.Epoch} now, not in '{current.From}' at epoch {current.FromEpoch} as migration {id} planned.");
                }

                var target = await FindCellAsync(c, tx, current.To);
                if (target is null || !target.Cell.State.IsServing())
                {
                    throw ControlPlaneException.Conflict(
                        "Target cell not serving",
                        $"Cell '{current.To}' is {target?.Cell.State.ToString() ?? "gone"}; the tenant is not switched to a cell the routers would not send it to.");
                }

                await c.ExecuteAsync(
                    """
                    UPDATE tenants SET cell = @to, epoch = @epoch, updated_at = @now WHERE id = @tenant;
                    UPDATE cells SET tenants = tenants - 1, load = load - @weight WHERE id = @from;
                    UPDATE cells SET tenants = tenants + 1, load = load + @weight WHERE id = @to;
                    """,
                    new { tenant = tenant.Id, from = current.From, to = current.To, epoch = current.Epoch, weight = tenant.Weight, now },
                    tx);
                var updated = change(current) with { State = MigrationState.Switched, UpdatedAt = StoreTime.Parse(now) };
                await SaveMigrationAsync(c, tx, updated);
                var version = await CommitChangeAsync(c, tx, now, actor, "migration.switch", MigrationErrors.Target(id), MigrationDetail(updated));
                return new Committed<Migration>(updated, version, true);
            },
            cancellationToken);

    public Task<Committed<Migration>?> EndMigrationAsync(
        string id,
        IReadOnlyCollection<MigrationState> from,
        Func<Migration, Migration> change,
        bool burnEpoch,
        MigrationAudit audit,
        CancellationToken cancellationToken) =>
        WriteAsync<Committed<Migration>?>(
            async (c, tx, now) =>
            {
                var current = await FindMigrationAsync(c, tx, id);
                if (current is null || !from.Contains(current.State))
                {
                    return null;
                }

                var updated = change(current) with { UpdatedAt = StoreTime.Parse(now) };
                await SaveMigrationAsync(c, tx, updated);
                var burnt = burnEpoch && await c.ExecuteAsync(
                    "UPDATE tenants SET epoch = @epoch, updated_at = @now WHERE id = @tenant AND cell = @from AND epoch < @epoch;",
                    new { tenant = current.Tenant, from = current.From, epoch = current.Epoch, now },
                    tx) > 0;
                var target = MigrationErrors.Target(id);
                if (burnt)
                {
                    return new Committed<Migration>(updated, await CommitChangeAsync(c, tx, now, audit.Actor, audit.Action, target, audit.Detail), true);
                }

                await AppendAuditAsync(c, tx, now, audit.Actor, audit.Action, target, audit.Detail);
                return new Committed<Migration>(updated, await VersionAsync(c, tx), false);
            },
            cancellationToken);

    public Task<Migration> ReverseMigrationAsync(string id, string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                var original = await FindMigrationAsync(c, tx, id) ?? throw MigrationErrors.NotFound(id);
                if (MigrationStates.ReverseRefusal(original) is { } refusal)
                {
                    throw ControlPlaneException.Conflict("Migration cannot be reversed", refusal);
                }

                var tenant = (await FindTenantAsync(c, tx, original.Tenant) ?? throw ControlPlaneException.TenantNotFound(original.Tenant)).Tenant;
                if (tenant.Cell != original.To || tenant.Epoch != original.Epoch)
                {
                    throw ControlPlaneException.Conflict(
                        "Migration cannot be reversed",
                        $"Tenant '{tenant.Id}' has moved on since migration {id}: it is in cell '{tenant.Cell}' at epoch {tenant.Epoch}. Create a new migration instead.");
                }

                await EnsureNotMovingAsync(c, tx, tenant.Id, except: id);
                var target = await CheckMigrationTargetAsync(c, tx, tenant, original.From, allowDraining: true);
                var at = StoreTime.Parse(now);
                var (seq, reverseId) = await NextMigrationIdAsync(c, tx);
                var soaked = at - (MigrationReports.EnteredAt(original, MigrationState.Soak) ?? at);
                var ended = MigrationReports.Enter(original, MigrationState.Complete, at, soaked) with
                {
                    ReversedBy = reverseId,
                    Reason = original.State == MigrationState.Soak
                        ? $"Reversed by {reverseId} during its soak; the copy on cell '{original.From}' was kept for the reverse to replace."
                        : original.Reason,
                    UpdatedAt = at,
                };
                await SaveMigrationAsync(c, tx, ended);
                var reverse = new Migration(
                    reverseId, tenant.Id, tenant.Cell, target, tenant.Weight, tenant.Epoch, tenant.Epoch + 1, MigrationState.Planned,
                    Force: original.Force || tenant.Pinned, AbortRequested: false, ReverseOf: id, ReversedBy: null, Reason: null, LastError: null,
                    actor, at, at, SoakUntil: null, MigrationReport.Empty);
                await InsertMigrationAsync(c, tx, seq, reverse);
                await AppendAuditAsync(c, tx, now, actor, "migration.reverse", MigrationErrors.Target(id), AuditDetail.Of(("reverse", reverseId), ("tenant", tenant.Id), ("from", reverse.From), ("to", reverse.To)));
                return reverse;
            },
            cancellationToken);

    public Task<IReadOnlyList<TenantRecord>> ListTenantsInCellAsync(string cell, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<TenantRecord>>(
            async (c, tx) => (await c.QueryAsync<TenantRow>($"{SqliteSchema.SelectTenant} WHERE cell = @cell ORDER BY id;", new { cell }, tx))
                .Select(r => r.ToRecord())
                .ToList(),
            cancellationToken);

    public Task<IReadOnlyDictionary<string, CellReservation>> GetCellReservationsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyDictionary<string, CellReservation>>(
            async (c, tx) =>
            {
                var incoming = await ReservedByCellAsync(c, tx, "target");
                var outgoing = await ReservedByCellAsync(c, tx, "source");
                return incoming.Keys.Union(outgoing.Keys).ToDictionary(
                    cell => cell,
                    cell => new CellReservation(incoming.GetValueOrDefault(cell), outgoing.GetValueOrDefault(cell)),
                    StringComparer.Ordinal);
            },
            cancellationToken);

    private static async Task EnsureNotMovingAsync(SqliteConnection c, SqliteTransaction tx, string tenant, string? except)
    {
        var active = await c.QueryFirstOrDefaultAsync<string>(
            $"{MigrationRow.Select} WHERE tenant = @tenant AND state NOT IN {MigrationRow.Finished} AND (@except IS NULL OR id <> @except);",
            new { tenant, except },
            tx);
        if (active is not null)
        {
            throw MigrationErrors.AlreadyMoving(MigrationRow.Read(active));
        }
    }

    /// <summary>Checks a named target: another cell, Active (or Draining, for a reverse), with room once reservations count.</summary>
    private static async Task<string> CheckMigrationTargetAsync(SqliteConnection c, SqliteTransaction tx, Tenant tenant, string cellId, bool allowDraining)
    {
        if (cellId == tenant.Cell)
        {
            throw MigrationErrors.SameCell(tenant.Id, cellId);
        }

        var cell = (await c.QuerySingleOrDefaultAsync<CellLoadRow>($"{CellLoadRow.Select} WHERE id = @id;", new { id = cellId }, tx)
            ?? throw ControlPlaneException.CellNotFound(cellId)).ToLoad();
        if (cell.State != CellState.Active && !(allowDraining && cell.State == CellState.Draining))
        {
            throw ControlPlaneException.Conflict("Target cell not Active", $"Cell '{cellId}' is {cell.State}; only Active cells take tenants.");
        }

        var reserved = (await ReservedByCellAsync(c, tx, "target")).GetValueOrDefault(cellId);
        if (!(cell with { Load = cell.Load + reserved }).HasRoomFor(tenant.Weight))
        {
            throw ControlPlaneException.Conflict(
                "Target cell has no room",
                $"Cell '{cellId}' has no room for tenant '{tenant.Id}' of weight {tenant.Weight}: {cell.Load} of its {cell.Capacity} weight units are used and {reserved} more are reserved by migrations heading there.");
        }

        return cellId;
    }

    /// <summary>Chooses the least utilised Active cell other than the tenant's with room, counting the weight of migrations already heading to each.</summary>
    private static async Task<string> PlaceMigrationAsync(SqliteConnection c, SqliteTransaction tx, Tenant tenant)
    {
        var reserved = await ReservedByCellAsync(c, tx, "target");
        var cells = (await c.QueryAsync<CellLoadRow>($"{CellLoadRow.Select} WHERE state = 'Active' AND id <> @source;", new { source = tenant.Cell }, tx))
            .Select(r => r.ToLoad())
            .Select(l => l with { Load = l.Load + reserved.GetValueOrDefault(l.Id) })
            .ToList();
        if (PlacementPolicy.ChooseLeastUtilised(cells, tenant.Weight, region: null) is { } chosen)
        {
            return chosen.Id;
        }

        var detail = cells.Count == 0
            ? $"There is no Active cell other than '{tenant.Cell}' to move tenant '{tenant.Id}' to; create or activate one."
            : $"None of the {cells.Count} other Active cell(s) has room for tenant '{tenant.Id}' of weight {tenant.Weight} (counting migrations already heading there); add a cell or raise a capacity.";
        throw ControlPlaneException.Conflict("No cell has room", detail);
    }

    private static async Task<Dictionary<string, long>> ReservedByCellAsync(SqliteConnection c, SqliteTransaction tx, string column)
    {
        var rows = await c.QueryAsync<(string Cell, long Weight)>(
            $"SELECT {column}, SUM(weight) FROM migrations WHERE state IN {MigrationRow.Unswitched} GROUP BY {column};",
            transaction: tx);
        return rows.ToDictionary(r => r.Cell, r => r.Weight, StringComparer.Ordinal);
    }

    private static async Task<(long Seq, string Id)> NextMigrationIdAsync(SqliteConnection c, SqliteTransaction tx)
    {
        var seq = await c.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(seq), 0) + 1 FROM migrations;", transaction: tx);
        return (seq, string.Create(CultureInfo.InvariantCulture, $"mig-{seq}"));
    }

    private static Task InsertMigrationAsync(SqliteConnection c, SqliteTransaction tx, long seq, Migration migration)
    {
        var parameters = new DynamicParameters(MigrationRow.Columns(migration));
        parameters.Add("seq", seq);
        return c.ExecuteAsync(
            """
            INSERT INTO migrations (seq, id, tenant, source, target, state, weight, document, created_at, updated_at)
            VALUES (@seq, @id, @tenant, @source, @target, @state, @weight, @document, @createdAt, @updatedAt);
            """,
            parameters,
            tx);
    }

    private static Task SaveMigrationAsync(SqliteConnection c, SqliteTransaction tx, Migration migration) =>
        c.ExecuteAsync(
            "UPDATE migrations SET state = @state, document = @document, updated_at = @updatedAt WHERE id = @id;",
            MigrationRow.Columns(migration),
            tx);

    private static async Task<Migration?> FindMigrationAsync(SqliteConnection c, SqliteTransaction tx, string id)
    {
        var document = await c.QuerySingleOrDefaultAsync<string>($"{MigrationRow.Select} WHERE id = @id;", new { id }, tx);
        return document is null ? null : MigrationRow.Read(document);
    }

    private static string MigrationDetail(Migration migration) =>
        AuditDetail.Of(("tenant", migration.Tenant), ("from", migration.From), ("to", migration.To), ("epoch", migration.Epoch), ("state", migration.State.ToString()));
}
