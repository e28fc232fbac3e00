using System.Text.Json.Nodes;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Experiments;

/// <summary>
/// The experiment rules that write, each checked and applied in one store write transaction
/// (serialised store-wide, on every replica): no experiment is stored while the kill switch is
/// engaged or on a cell other work holds, and the switch is audited only when it changes.
/// </summary>
internal sealed partial class ExperimentService
{
    /// <summary>
    /// Admits and stores a new experiment under the next id (<c>exp-{n}</c>), audited as
    /// <c>experiment.create</c>: 409 while the kill switch is engaged, 404/409 for a target that is
    /// missing or not Active, 409 for one that other work (an experiment, a deployment, a
    /// migration) holds; all checked in the transaction that stores it.
    /// </summary>
    private Task<ExperimentRecord> InsertAsync(Experiment experiment, string actor, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                var killSwitch = await experimentStore.GetKillSwitchAsync(tx);
                if (killSwitch.Engaged)
                {
                    throw ControlPlaneException.Conflict(
                        "Kill switch engaged",
                        $"The experiment kill switch was engaged by {killSwitch.ChangedBy} at {killSwitch.ChangedAt:O}, so no experiment may start; release it with DELETE /api/v1/experiments/kill-switch.");
                }

                foreach (var target in experiment.Targets)
                {
                    var cell = await cellStore.GetAsync(tx, target) ?? throw ControlPlaneException.CellNotFound(target);
                    if (cell.Cell.State != CellState.Active)
                    {
                        throw ControlPlaneException.Conflict("Cell not Active", $"Cell '{target}' is {cell.Cell.State}; experiments run only on Active cells.");
                    }

                    if (await guards.FindConflictAsync(tx, [target]) is { } conflict)
                    {
                        throw ControlPlaneException.Conflict("Cell busy", conflict);
                    }
                }

                var record = await experimentStore.InsertAsync(tx, experiment);
                var detail = new JsonObject
                {
                    ["targets"] = new JsonArray([.. record.Experiment.Targets.Select(t => JsonValue.Create(t))]),
                    ["fault"] = record.Experiment.Fault.Kind.ToString().ToLowerInvariant(),
                    ["durationSeconds"] = record.Experiment.DurationSeconds,
                }.ToJsonString();
                await auditStore.AppendAsync(tx, actor, "experiment.create", AuditDetail.ExperimentTarget(record.Id), detail);
                return record;
            },
            cancellationToken);

    /// <summary>Engages or releases the kill switch; audited only when it changes.</summary>
    private Task<ExperimentKillSwitch> CommitKillSwitchAsync(bool engaged, string actor, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                var current = await experimentStore.GetKillSwitchAsync(tx);
                if (current.Engaged == engaged)
                {
                    return current;
                }

                await experimentStore.SetKillSwitchAsync(tx, engaged, actor);
                await auditStore.AppendAsync(tx, actor, engaged ? "experiment.kill-switch.engage" : "experiment.kill-switch.release", AuditDetail.KillSwitchTarget, null);
                return await experimentStore.GetKillSwitchAsync(tx);
            },
            cancellationToken);

}
