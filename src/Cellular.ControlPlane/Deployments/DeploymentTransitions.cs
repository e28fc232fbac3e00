using System.Text.Json.Nodes;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Deployments;

/// <summary>
/// The store-side rules of deployments, each checked and applied in one write transaction
/// (serialised store-wide, on every replica): a step applies only from the states it names, and a
/// cell switches release only while it is not retired and only to an endpoint no other live cell
/// uses; a deployment is stored only if none of its cells is in another unfinished one. The plans, gates and controls that decide the steps live beside this class.
/// </summary>
internal sealed class DeploymentTransitions(IStoreDatabase database, DeploymentStore deployments, CellStore cells, TableVersionStore versions, AuditStore audit)
{
    /// <summary>
    /// Stores a new deployment under the next id (<c>dep-{n}</c>), audited as <c>deployment.create</c>;
    /// refused (409) when one of its cells is part of another unfinished deployment (one deployment
    /// per cell at a time), checked in the same transaction.
    /// </summary>
    public Task<DeploymentRecord> CreateAsync(DeploymentRecord deployment, string actor, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                var planned = deployment.Deployment.Cells.Select(c => c.Cell).ToHashSet(StringComparer.Ordinal);
                foreach (var other in await deployments.ListUnfinishedAsync(tx))
                {
                    if (other.Deployment.Cells.FirstOrDefault(c => planned.Contains(c.Cell) && c.State != DeploymentCellState.Skipped) is { } clash)
                    {
                        throw ControlPlaneException.Conflict(
                            "Cell in another deployment",
                            $"Cell '{clash.Cell}' is part of deployment {other.Id} (version {other.Deployment.Version}, {other.State}); one deployment per cell at a time. Wait for it, or abort it.");
                    }
                }

                var record = await deployments.InsertAsync(tx, deployment);
                var waves = new JsonArray([.. record.Deployment.Waves.Select(w => (JsonNode)new JsonArray([.. w.Cells.Select(cell => JsonValue.Create(cell))]))]);
                var detail = AuditDetail.Of(("version", record.Deployment.Version), ("artifact", record.Deployment.Release.Artifact), ("waves", waves), ("hotfix", record.Deployment.Hotfix));
                await audit.AppendAsync(tx, actor, "deployment.create", AuditDetail.DeploymentTarget(record.Id), detail);
                return record;
            },
            cancellationToken);

    /// <summary>
    /// Changes a deployment if its state is one of <paramref name="from"/> (any state when null),
    /// writing <paramref name="entry"/> with it. Null when it is missing or in another state.
    /// </summary>
    public Task<DeploymentRecord?> UpdateAsync(
        string id,
        IReadOnlyCollection<DeploymentState>? from,
        Func<DeploymentRecord, DeploymentRecord> change,
        DeploymentAudit? entry,
        CancellationToken cancellationToken) =>
        UpdateIfAsync(id, from, null, change, entry, cancellationToken);

    /// <summary>
    /// <see cref="UpdateAsync"/>, but only when <paramref name="allowed"/>, asked in the same
    /// transaction after the state check, says yes (so what it reads cannot change before the
    /// update commits). Null when it says no.
    /// </summary>
    public Task<DeploymentRecord?> UpdateIfAsync(
        string id,
        IReadOnlyCollection<DeploymentState>? from,
        Func<StoreTransaction, Task<bool>>? allowed,
        Func<DeploymentRecord, DeploymentRecord> change,
        DeploymentAudit? entry,
        CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                var current = await deployments.GetForUpdateAsync(tx, id);
                if (current is null || (from is not null && !from.Contains(current.State)))
                {
                    return null;
                }

                if (allowed is not null && !await allowed(tx))
                {
                    return null;
                }

                var updated = change(current);
                await deployments.SaveAsync(tx, updated);
                if (entry is not null)
                {
                    await audit.AppendAsync(tx, entry.Actor, entry.Action, AuditDetail.DeploymentTarget(id), entry.Detail);
                }

                return updated;
            },
            cancellationToken);

    /// <summary>
    /// Makes <paramref name="cell"/> run <paramref name="release"/> at <paramref name="endpoint"/>:
    /// the release it ran becomes its previous one, the endpoint goes into the routing table (the
    /// version is bumped) and <c>cell.release</c> is audited. Refused (409) for a retired cell or an
    /// endpoint another live cell uses.
    /// </summary>
    public Task<Committed<CellRecord>> SwitchCellReleaseAsync(string cell, CellRelease release, string endpoint, string actor, string? deployment, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                var current = await cells.GetForUpdateAsync(tx, cell) ?? throw ControlPlaneException.CellNotFound(cell);
                if (current.Cell.State == CellState.Retired)
                {
                    throw ControlPlaneException.Conflict("Cell retired", $"Cell '{cell}' is retired; it runs no release.");
                }

                if (await cells.FindEndpointOwnerAsync(tx, endpoint, except: cell) is { } owner)
                {
                    throw ControlPlaneException.Conflict("Endpoint in use", $"The endpoint {endpoint} already belongs to cell '{owner}'.");
                }

                var previous = current.Cell.Release;
                await cells.SetReleaseAsync(tx, cell, release, endpoint, previous);
                var record = (await cells.GetAsync(tx, cell))!;
                var version = await versions.BumpAsync(tx);
                var detail = AuditDetail.Of(
                    ("version", release.Version),
                    ("previousVersion", previous.Version),
                    ("endpoint", endpoint),
                    ("previousEndpoint", current.Cell.Endpoint),
                    ("deployment", deployment));
                await audit.AppendAsync(tx, actor, "cell.release", AuditDetail.CellTarget(cell), detail);
                return new Committed<CellRecord>(record, version, true);
            },
            cancellationToken);

    /// <summary>Engages or releases the deployment freeze; audited only when it changes.</summary>
    public Task<DeploymentFreeze> SetFreezeAsync(bool engaged, string? reason, string actor, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async tx =>
            {
                var current = await deployments.GetFreezeAsync(tx);
                if (current.Engaged == engaged)
                {
                    return current;
                }

                await deployments.SetFreezeAsync(tx, engaged, reason, actor);
                await audit.AppendAsync(
                    tx,
                    actor,
                    engaged ? "deployment.freeze.engage" : "deployment.freeze.release",
                    AuditDetail.DeploymentFreezeTarget,
                    engaged && reason is not null ? AuditDetail.Of(("reason", reason)) : null);
                return await deployments.GetFreezeAsync(tx);
            },
            cancellationToken);
}
