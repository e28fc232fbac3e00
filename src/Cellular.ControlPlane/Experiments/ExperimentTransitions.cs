using Cellular.ControlPlane.Store;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Experiments;

/// <summary>
/// The rule of an experiment's steps, checked and applied in one store write transaction
/// (serialised store-wide, on every replica): a step applies only from the states it names, so
/// an experiment stopped by an operator is not started again by the runner, nor ended twice.
/// Experiments do not change the routing table, so the table version stays.
/// </summary>
internal sealed class ExperimentTransitions(IStoreDatabase database, ExperimentStore experiments, AuditStore audit)
{
    /// <summary>
    /// Changes an experiment if its state is one of <paramref name="from"/> (any state when null),
    /// writing <paramref name="entry"/> with it. Null when the experiment is missing or in another state.
    /// </summary>
    public Task<ExperimentRecord?> UpdateAsync(
        string id,
        IReadOnlyCollection<ExperimentState>? from,
        Func<ExperimentRecord, ExperimentRecord> change,
        ExperimentAudit? entry,
        CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                var current = await experiments.GetForUpdateAsync(tx, id);
                if (current is null || (from is not null && !from.Contains(current.State)))
                {
                    return null;
                }

                var updated = change(current);
                await experiments.SaveAsync(tx, updated);
                if (entry is not null)
                {
                    await audit.AppendAsync(tx, entry.Actor, entry.Action, AuditDetail.ExperimentTarget(id), entry.Detail);
                }

                return updated;
            },
            cancellationToken);
}
