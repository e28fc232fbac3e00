using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Store;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Health;

/// <summary>
/// The health monitor's state changes and the marks that let it undo them, each rule checked in
/// the write transaction that applies it: only an Active or Draining cell is made Unhealthy, and
/// only a cell still Unhealthy with the monitor's mark is given its state back (an operator who
/// moved it since has the last word).
/// </summary>
internal sealed class CellHealthMarking(IStoreDatabase database, CellStore cells, HealthMarkStore marks, TableVersionStore versions, AuditStore audit)
{
    /// <summary>Makes an Active or Draining cell Unhealthy and remembers the state it had; changes nothing in any other state.</summary>
    public Task<Committed<CellRecord>> MarkUnhealthyAsync(string id, string reason, string actor, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                var current = await cells.GetForUpdateAsync(tx, id) ?? throw ControlPlaneException.CellNotFound(id);
                var from = current.Cell.State;
                if (from is not (CellState.Active or CellState.Draining))
                {
                    return new Committed<CellRecord>(current, await versions.GetAsync(tx), false);
                }

                await cells.SetStateAsync(tx, id, CellState.Unhealthy);
                await marks.PutAsync(tx, new CellHealthMark(id, from, tx.Now, reason));
                var updated = (await cells.GetAsync(tx, id))!;
                var version = await versions.BumpAsync(tx);
                var detail = AuditDetail.Of(("from", from.ToString()), ("to", nameof(CellState.Unhealthy)), ("reason", reason));
                await audit.AppendAsync(tx, actor, "cell.unhealthy", AuditDetail.CellTarget(id), detail);
                return new Committed<CellRecord>(updated, version, true);
            },
            cancellationToken);

    /// <summary>Gives a cell the monitor made Unhealthy its previous state back; changes nothing when the cell is not (or no longer) the monitor's.</summary>
    public Task<Committed<CellRecord>> MarkRecoveredAsync(string id, string reason, string actor, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                var current = await cells.GetForUpdateAsync(tx, id) ?? throw ControlPlaneException.CellNotFound(id);
                var mark = await marks.GetForUpdateAsync(tx, id);
                if (current.Cell.State != CellState.Unhealthy || mark is null)
                {
                    return new Committed<CellRecord>(current, await versions.GetAsync(tx), false);
                }

                await cells.SetStateAsync(tx, id, mark.ReturnState);
                await marks.DeleteAsync(tx, id);
                var updated = (await cells.GetAsync(tx, id))!;
                var version = await versions.BumpAsync(tx);
                var detail = AuditDetail.Of(("from", nameof(CellState.Unhealthy)), ("to", mark.ReturnState.ToString()), ("reason", reason));
                await audit.AppendAsync(tx, actor, "cell.recovered", AuditDetail.CellTarget(id), detail);
                return new Committed<CellRecord>(updated, version, true);
            },
            cancellationToken);
}
