using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Store;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Cells;

/// <summary>
/// The cell registry's rules, each checked and applied in one store write transaction (writes
/// are serialised store-wide, on every replica), so no other change can slip in between the
/// check and the write. Every committed change bumps the table version and is audited with it.
/// </summary>
internal sealed partial class CellService
{
    /// <summary>Stores a new cell; refuses a taken id (retired ones included: ids are never reused) or an endpoint a live cell uses.</summary>
    private Task<Committed<CellRecord>> InsertAsync(Cell cell, string actor, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                if (await cells.GetForUpdateAsync(tx, cell.Id) is { } existing)
                {
                    throw ControlPlaneException.Conflict(
                        "Cell already exists",
                        existing.Cell.State == CellState.Retired
                            ? $"Cell '{cell.Id}' existed and was retired; cell ids are never reused, choose another."
                            : $"Cell '{cell.Id}' already exists.");
                }

                if (cell.Endpoint is not null && await cells.FindEndpointOwnerAsync(tx, cell.Endpoint) is { } owner)
                {
                    throw ControlPlaneException.Conflict("Endpoint in use", $"The endpoint {cell.Endpoint} already belongs to cell '{owner}'.");
                }

                await cells.InsertAsync(tx, cell);
                var record = (await cells.GetAsync(tx, cell.Id))!;
                var version = await versions.BumpAsync(tx);
                await audit.AppendAsync(tx, actor, "cell.create", AuditDetail.CellTarget(cell.Id), AuditDetail.Of(record.ToView()));
                return new Committed<CellRecord>(record, version, true);
            },
            cancellationToken);

    /// <summary>Moves a cell to another state if <see cref="CellTransitions"/> allows it; an operator's decision also drops the health monitor's mark.</summary>
    private Task<Committed<CellRecord>> CommitStateAsync(CellStateChange change, string actor, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                var current = await cells.GetForUpdateAsync(tx, change.Id) ?? throw ControlPlaneException.CellNotFound(change.Id);
                if (current.Cell.State == change.Target)
                {
                    return new Committed<CellRecord>(current, await versions.GetAsync(tx), false);
                }

                if (CellTransitions.Refusal(current, change) is { } refusal)
                {
                    throw ControlPlaneException.Conflict("Cell state change refused", refusal);
                }

                // An operator's decision replaces the health monitor's: it no longer gives the cell back.
                await cells.SetStateAsync(tx, change.Id, change.Target);
                await marks.DeleteAsync(tx, change.Id);
                var updated = (await cells.GetAsync(tx, change.Id))!;
                var version = await versions.BumpAsync(tx);
                var detail = AuditDetail.Of(("from", current.Cell.State.ToString()), ("to", change.Target.ToString()));
                await audit.AppendAsync(tx, actor, change.Action, AuditDetail.CellTarget(change.Id), detail);
                return new Committed<CellRecord>(updated, version, true);
            },
            cancellationToken);

    /// <summary>Removes a cell that never finished provisioning (and so holds no tenants); the version, bumped only when it was removed.</summary>
    private Task<long> DeleteProvisioningAsync(string id, string reason, string actor, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                var current = await cells.GetForUpdateAsync(tx, id);
                if (current is null || current.Cell.State != CellState.Provisioning || current.Tenants != 0)
                {
                    return await versions.GetAsync(tx);
                }

                await cells.DeleteAsync(tx, id);
                var version = await versions.BumpAsync(tx);
                await audit.AppendAsync(tx, actor, "cell.create-failed", AuditDetail.CellTarget(id), AuditDetail.Of(("reason", reason)));
                return version;
            },
            cancellationToken);
}
