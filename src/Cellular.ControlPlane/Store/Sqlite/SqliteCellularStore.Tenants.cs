using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Placement;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Cellular.ControlPlane.Store.Rows;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cellular.ControlPlane.Store.Sqlite;

/// <summary>Tenant rows: creation with placement, paging, pins.</summary>
internal sealed partial class SqliteCellularStore
{
    public Task<Committed<TenantRecord>> CreateTenantAsync(TenantPlacementRequest request, string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                var existing = await c.QuerySingleOrDefaultAsync<string>("SELECT cell FROM tenants WHERE id = @id;", new { id = request.Id }, tx);
                if (existing is not null)
                {
                    throw ControlPlaneException.Conflict("Tenant already exists", $"Tenant '{request.Id}' already exists (in cell '{existing}').");
                }

                var cell = request.Cell is null
                    ? await PlaceAsync(c, tx, request)
                    : await CheckRequestedCellAsync(c, tx, request, request.Cell);

                await c.ExecuteAsync(
                    """
                    INSERT INTO tenants (id, cell, weight, pinned, epoch, created_at, updated_at)
                    VALUES (@id, @cell, @weight, 0, 1, @now, @now);
                    UPDATE cells SET tenants = tenants + 1, load = load + @weight WHERE id = @cell;
                    """,
                    new { id = request.Id, cell = cell.Id, weight = request.Weight, now },
                    tx);

                var record = (await FindTenantAsync(c, tx, request.Id))!;
                var version = await CommitChangeAsync(c, tx, now, actor, "tenant.create", AuditDetail.TenantTarget(request.Id), AuditDetail.Of(record.ToView()));
                return new Committed<TenantRecord>(record, version, true);
            },
            cancellationToken);

    public Task<TenantRecord?> GetTenantAsync(string id, CancellationToken cancellationToken) =>
        ReadAsync((c, tx) => FindTenantAsync(c, tx, id), cancellationToken);

    public Task<Page<TenantRecord>> ListTenantsAsync(int limit, string? after, string? cell, CancellationToken cancellationToken) =>
        ReadAsync(
            async (c, tx) =>
            {
                // A cell's page walks the by-cell index; its total is one index range, not a scan of every tenant.
                var rows = (await c.QueryAsync<TenantRow>(
                    cell is null
                        ? $"{SqliteSchema.SelectTenant} WHERE @after IS NULL OR id > @after ORDER BY id LIMIT @take;"
                        : $"{SqliteSchema.SelectTenant} WHERE cell = @cell AND (@after IS NULL OR id > @after) ORDER BY id LIMIT @take;",
                    new { after, cell, take = limit + 1 },
                    tx)).ToList();
                var total = cell is null
                    ? await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM tenants;", transaction: tx)
                    : await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM tenants WHERE cell = @cell;", new { cell }, tx);
                var items = rows.Take(limit).Select(r => r.ToRecord()).ToList();
                var next = rows.Count > limit ? items[^1].Tenant.Id : null;
                return new Page<TenantRecord>(items, next, total);
            },
            cancellationToken);

    public Task<Committed<TenantRecord>> SetPinnedAsync(string id, bool pinned, string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                var current = await FindTenantAsync(c, tx, id) ?? throw ControlPlaneException.TenantNotFound(id);
                if (current.Tenant.Pinned == pinned)
                {
                    return new Committed<TenantRecord>(current, await VersionAsync(c, tx), false);
                }

                await c.ExecuteAsync("UPDATE tenants SET pinned = @pinned, updated_at = @now WHERE id = @id;", new { id, pinned, now }, tx);
                var updated = (await FindTenantAsync(c, tx, id))!;
                var version = await CommitChangeAsync(
                    c,
                    tx,
                    now,
                    actor,
                    pinned ? "tenant.pin" : "tenant.unpin",
                    AuditDetail.TenantTarget(id),
                    AuditDetail.Of(("cell", updated.Tenant.Cell)));
                return new Committed<TenantRecord>(updated, version, true);
            },
            cancellationToken);

    private static async Task<CellLoad> PlaceAsync(SqliteConnection c, SqliteTransaction tx, TenantPlacementRequest request)
    {
        var cells = (await c.QueryAsync<CellLoadRow>($"{CellLoadRow.Select} WHERE state = 'Active';", transaction: tx))
            .Select(r => r.ToLoad())
            .Where(l => request.Region is null || l.Region == request.Region)
            .ToList();
        var chosen = PlacementPolicy.ChooseLeastUtilised(cells, request.Weight, request.Region);
        if (chosen is not null)
        {
            return chosen;
        }

        var where = request.Region is null ? string.Empty : $" in region '{request.Region}'";
        var detail = cells.Count == 0
            ? $"There is no Active cell{where} to place tenant '{request.Id}' in; create or activate one."
            : $"None of the {cells.Count} Active cell(s){where} has room for tenant '{request.Id}' of weight {request.Weight}; "
                + $"the emptiest has {cells.Max(l => l.Capacity - l.Load)} free weight units. Add a cell or raise a capacity.";
        throw ControlPlaneException.Conflict("No cell has room", detail);
    }

    private static async Task<CellLoad> CheckRequestedCellAsync(SqliteConnection c, SqliteTransaction tx, TenantPlacementRequest request, string cellId)
    {
        var row = await c.QuerySingleOrDefaultAsync<CellLoadRow>($"{CellLoadRow.Select} WHERE id = @id;", new { id = cellId }, tx)
            ?? throw ControlPlaneException.CellNotFound(cellId);
        var cell = row.ToLoad();
        if (cell.State != CellState.Active)
        {
            throw ControlPlaneException.Conflict("Cell not Active", $"Cell '{cellId}' is {cell.State}; only Active cells take new tenants.");
        }

        if (request.Region is not null && cell.Region != request.Region)
        {
            throw ControlPlaneException.Conflict("Cell in another region", $"Cell '{cellId}' is in region '{cell.Region}', not '{request.Region}'.");
        }

        if (!cell.HasRoomFor(request.Weight))
        {
            throw ControlPlaneException.Conflict(
                "Cell has no room",
                $"Cell '{cellId}' has no room for tenant '{request.Id}' of weight {request.Weight}: {cell.Load} of its {cell.Capacity} weight units are used.");
        }

        return cell;
    }

    private static async Task<TenantRecord?> FindTenantAsync(SqliteConnection connection, SqliteTransaction transaction, string id)
    {
        var row = await connection.QuerySingleOrDefaultAsync<TenantRow>($"{SqliteSchema.SelectTenant} WHERE id = @id;", new { id }, transaction);
        return row?.ToRecord();
    }
}
