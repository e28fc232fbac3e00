using Cellular.Core.Model;
using Dapper;

namespace Cellular.ControlPlane.Store.Sqlite;

/// <summary>The health monitor's state changes and the marks that let it undo them.</summary>
internal sealed partial class SqliteCellularStore
{
    public Task<IReadOnlyList<CellHealthMark>> ListHealthMarksAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<CellHealthMark>>(
            async (c, tx) =>
            {
                var rows = await c.QueryAsync<(string Cell, string ReturnState, string MarkedAt, string Reason)>(
                    "SELECT cell, return_state, marked_at, reason FROM cell_health ORDER BY cell;",
                    transaction: tx);
                return rows.Select(r => new CellHealthMark(r.Cell, Enum.Parse<CellState>(r.ReturnState), StoreTime.Parse(r.MarkedAt), r.Reason)).ToList();
            },
            cancellationToken);

    public Task<Committed<CellRecord>> MarkCellUnhealthyAsync(string id, string reason, string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                var current = await FindCellAsync(c, tx, id) ?? throw Errors.ControlPlaneException.CellNotFound(id);
                var from = current.Cell.State;
                if (from is not (CellState.Active or CellState.Draining))
                {
                    return new Committed<CellRecord>(current, await VersionAsync(c, tx), false);
                }

                await c.ExecuteAsync(
                    """
                    UPDATE cells SET state = 'Unhealthy', updated_at = @now WHERE id = @id;
                    INSERT OR REPLACE INTO cell_health (cell, return_state, marked_at, reason) VALUES (@id, @from, @now, @reason);
                    """,
                    new { id, from = from.ToString(), now, reason },
                    tx);
                var updated = (await FindCellAsync(c, tx, id))!;
                var detail = AuditDetail.Of(("from", from.ToString()), ("to", nameof(CellState.Unhealthy)), ("reason", reason));
                var version = await CommitChangeAsync(c, tx, now, actor, "cell.unhealthy", AuditDetail.CellTarget(id), detail);
                return new Committed<CellRecord>(updated, version, true);
            },
            cancellationToken);

    public Task<Committed<CellRecord>> MarkCellRecoveredAsync(string id, string reason, string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                var current = await FindCellAsync(c, tx, id) ?? throw Errors.ControlPlaneException.CellNotFound(id);
                var returnState = await c.QuerySingleOrDefaultAsync<string>("SELECT return_state FROM cell_health WHERE cell = @id;", new { id }, tx);
                if (current.Cell.State != CellState.Unhealthy || returnState is null)
                {
                    return new Committed<CellRecord>(current, await VersionAsync(c, tx), false);
                }

                await c.ExecuteAsync(
                    """
                    UPDATE cells SET state = @returnState, updated_at = @now WHERE id = @id;
                    DELETE FROM cell_health WHERE cell = @id;
                    """,
                    new { id, returnState, now },
                    tx);
                var updated = (await FindCellAsync(c, tx, id))!;
                var detail = AuditDetail.Of(("from", nameof(CellState.Unhealthy)), ("to", returnState), ("reason", reason));
                var version = await CommitChangeAsync(c, tx, now, actor, "cell.recovered", AuditDetail.CellTarget(id), detail);
                return new Committed<CellRecord>(updated, version, true);
            },
            cancellationToken);
}
