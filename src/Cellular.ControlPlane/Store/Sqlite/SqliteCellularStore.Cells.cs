using Cellular.ControlPlane.Cells;
using Cellular.ControlPlane.Errors;
using Cellular.Core.Model;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cellular.ControlPlane.Store.Sqlite;

/// <summary>Cell rows: create, state changes, removal of failed creations.</summary>
internal sealed partial class SqliteCellularStore
{
    public Task<IReadOnlyList<CellRecord>> ListCellsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<CellRecord>>(
            async (c, tx) =>
            {
                var rows = await c.QueryAsync<CellRow>($"{SqliteSchema.SelectCell} ORDER BY id;", transaction: tx);
                return rows.Select(r => r.ToRecord()).ToList();
            },
            cancellationToken);

    public Task<CellRecord?> GetCellAsync(string id, CancellationToken cancellationToken) =>
        ReadAsync((c, tx) => FindCellAsync(c, tx, id), cancellationToken);

    public Task<Committed<CellRecord>> CreateCellAsync(Cell cell, string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                var existing = await c.QuerySingleOrDefaultAsync<string>("SELECT state FROM cells WHERE id = @id;", new { id = cell.Id }, tx);
                if (existing is not null)
                {
                    throw ControlPlaneException.Conflict(
                        "Cell already exists",
                        existing == nameof(CellState.Retired)
                            ? $"Cell '{cell.Id}' existed and was retired; cell ids are never reused, choose another."
                            : $"Cell '{cell.Id}' already exists.");
                }

                if (cell.Endpoint is not null)
                {
                    var owner = await c.QuerySingleOrDefaultAsync<string>(
                        "SELECT id FROM cells WHERE endpoint = @endpoint AND state <> 'Retired';",
                        new { endpoint = cell.Endpoint },
                        tx);
                    if (owner is not null)
                    {
                        throw ControlPlaneException.Conflict("Endpoint in use", $"The endpoint {cell.Endpoint} already belongs to cell '{owner}'.");
                    }
                }

                await c.ExecuteAsync(
                    """
                    INSERT INTO cells (id, region, zone, stage, capacity, endpoint, state, provider, labels, version, artifact, config, template, created_at, updated_at)
                    VALUES (@Id, @Region, @Zone, @Stage, @Capacity, @Endpoint, @State, @Provider, @Labels, @Version, @Artifact, @Config, @Template, @now, @now);
                    """,
                    new
                    {
                        cell.Id,
                        cell.Region,
                        cell.Zone,
                        Stage = CellStages.Name(cell.Stage),
                        cell.Capacity,
                        cell.Endpoint,
                        State = cell.State.ToString(),
                        cell.Provider,
                        Labels = CellRow.SerializeLabels(cell.Labels),
                        cell.Version,
                        cell.Artifact,
                        Config = cell.Config is null ? null : CellRow.SerializeLabels(cell.Config),
                        cell.Template,
                        now,
                    },
                    tx);

                var record = (await FindCellAsync(c, tx, cell.Id))!;
                var version = await CommitChangeAsync(c, tx, now, actor, "cell.create", AuditDetail.CellTarget(cell.Id), AuditDetail.Of(record.ToView()));
                return new Committed<CellRecord>(record, version, true);
            },
            cancellationToken);

    public Task<Committed<CellRecord>> ChangeCellStateAsync(CellStateChange change, string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                var current = await FindCellAsync(c, tx, change.Id) ?? throw ControlPlaneException.CellNotFound(change.Id);
                if (current.Cell.State == change.Target)
                {
                    return new Committed<CellRecord>(current, await VersionAsync(c, tx), false);
                }

                if (CellTransitions.Refusal(current, change) is { } refusal)
                {
                    throw ControlPlaneException.Conflict("Cell state change refused", refusal);
                }

                // An operator's decision replaces the health monitor's: it no longer gives the cell back.
                await c.ExecuteAsync(
                    """
                    UPDATE cells SET state = @state, updated_at = @now WHERE id = @id;
                    DELETE FROM cell_health WHERE cell = @id;
                    """,
                    new { id = change.Id, state = change.Target.ToString(), now },
                    tx);
                var updated = (await FindCellAsync(c, tx, change.Id))!;
                var detail = AuditDetail.Of(("from", current.Cell.State.ToString()), ("to", change.Target.ToString()));
                var version = await CommitChangeAsync(c, tx, now, actor, change.Action, AuditDetail.CellTarget(change.Id), detail);
                return new Committed<CellRecord>(updated, version, true);
            },
            cancellationToken);

    public Task<long> DeleteProvisioningCellAsync(string id, string reason, string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                var deleted = await c.ExecuteAsync(
                    "DELETE FROM cells WHERE id = @id AND state = 'Provisioning' AND tenants = 0;",
                    new { id },
                    tx);
                return deleted == 0
                    ? await VersionAsync(c, tx)
                    : await CommitChangeAsync(c, tx, now, actor, "cell.create-failed", AuditDetail.CellTarget(id), AuditDetail.Of(("reason", reason)));
            },
            cancellationToken);

    private static async Task<CellRecord?> FindCellAsync(SqliteConnection connection, SqliteTransaction transaction, string id)
    {
        var row = await connection.QuerySingleOrDefaultAsync<CellRow>($"{SqliteSchema.SelectCell} WHERE id = @id;", new { id }, transaction);
        return row?.ToRecord();
    }
}
