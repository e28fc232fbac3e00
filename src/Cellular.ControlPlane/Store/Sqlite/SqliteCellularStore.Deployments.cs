using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cellular.ControlPlane.Errors;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.ControlPlane.Store.Rows;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cellular.ControlPlane.Store.Sqlite;

/// <summary>Deployment rows, the deployment freeze and cells' release switches; every change is audited.</summary>
internal sealed partial class SqliteCellularStore
{
    public Task<DeploymentRecord> CreateDeploymentAsync(DeploymentRecord deployment, string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                var seq = await c.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(seq), 0) + 1 FROM deployments;", transaction: tx);
                var id = string.Create(CultureInfo.InvariantCulture, $"dep-{seq}");
                var record = deployment with { Deployment = deployment.Deployment with { Id = id } };
                var parameters = new DynamicParameters(DeploymentRow.Columns(record, now));
                parameters.Add("seq", seq);
                await c.ExecuteAsync(
                    """
                    INSERT INTO deployments (seq, id, state, document, baselines, created_at, updated_at)
                    VALUES (@seq, @id, @state, @document, @baselines, @createdAt, @now);
                    """,
                    parameters,
                    tx);
                var waves = new JsonArray([.. record.Deployment.Waves.Select(w => (JsonNode)new JsonArray([.. w.Cells.Select(cell => JsonValue.Create(cell))]))]);
                var detail = AuditDetail.Of(("version", record.Deployment.Version), ("artifact", record.Deployment.Release.Artifact), ("waves", waves), ("hotfix", record.Deployment.Hotfix));
                await AppendAuditAsync(c, tx, now, actor, "deployment.create", AuditDetail.DeploymentTarget(id), detail);
                return record;
            },
            cancellationToken);

    public Task<DeploymentRecord?> GetDeploymentAsync(string id, CancellationToken cancellationToken) =>
        ReadAsync((c, tx) => FindDeploymentAsync(c, tx, id), cancellationToken);

    public Task<IReadOnlyList<DeploymentRecord>> ListDeploymentsAsync(int limit, string? cell, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<DeploymentRecord>>(
            async (c, tx) => (await c.QueryAsync<DeploymentRow>(
                    $"{DeploymentRow.Select} WHERE @cell IS NULL OR EXISTS (SELECT 1 FROM json_each(document, '$.cells') d WHERE json_extract(d.value, '$.cell') = @cell) ORDER BY seq DESC LIMIT @limit;",
                    new { limit, cell },
                    tx))
                .Select(r => r.ToRecord())
                .ToList(),
            cancellationToken);

    public Task<IReadOnlyList<DeploymentRecord>> ListUnfinishedDeploymentsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<DeploymentRecord>>(
            async (c, tx) => (await c.QueryAsync<DeploymentRow>($"{DeploymentRow.Select} WHERE state NOT IN {DeploymentRow.FinalStates} ORDER BY seq;", transaction: tx))
                .Select(r => r.ToRecord())
                .ToList(),
            cancellationToken);

    public Task<DeploymentRecord?> UpdateDeploymentAsync(
        string id,
        IReadOnlyCollection<DeploymentState>? from,
        Func<DeploymentRecord, DeploymentRecord> change,
        DeploymentAudit? audit,
        CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                var current = await FindDeploymentAsync(c, tx, id);
                if (current is null || (from is not null && !from.Contains(current.State)))
                {
                    return null;
                }

                var updated = change(current);
                await c.ExecuteAsync(
                    "UPDATE deployments SET state = @state, document = @document, baselines = @baselines, updated_at = @now WHERE id = @id;",
                    DeploymentRow.Columns(updated, now),
                    tx);
                if (audit is not null)
                {
                    await AppendAuditAsync(c, tx, now, audit.Actor, audit.Action, AuditDetail.DeploymentTarget(id), audit.Detail);
                }

                return updated;
            },
            cancellationToken);

    public Task<Committed<CellRecord>> SwitchCellReleaseAsync(string cell, CellRelease release, string endpoint, string actor, string? deployment, CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                var current = await FindCellAsync(c, tx, cell)
                    ?? throw ControlPlaneException.CellNotFound(cell);
                if (current.Cell.State == Core.Model.CellState.Retired)
                {
                    throw ControlPlaneException.Conflict("Cell retired", $"Cell '{cell}' is retired; it runs no release.");
                }

                var owner = await c.QuerySingleOrDefaultAsync<string>(
                    "SELECT id FROM cells WHERE endpoint = @endpoint AND state <> 'Retired' AND id <> @cell;",
                    new { endpoint, cell },
                    tx);
                if (owner is not null)
                {
                    throw ControlPlaneException.Conflict("Endpoint in use", $"The endpoint {endpoint} already belongs to cell '{owner}'.");
                }

                var previous = current.Cell.Release;
                await c.ExecuteAsync(
                    """
                    UPDATE cells SET version = @version, artifact = @artifact, config = @config, endpoint = @endpoint,
                                     previous_release = @previous, updated_at = @now
                    WHERE id = @cell;
                    """,
                    new
                    {
                        cell,
                        version = release.Version,
                        artifact = release.Artifact,
                        config = CellRow.SerializeLabels(release.Config),
                        endpoint,
                        previous = JsonSerializer.Serialize(previous, CellularJsonContext.Default.CellRelease),
                        now,
                    },
                    tx);
                var record = (await FindCellAsync(c, tx, cell))!;
                var detail = AuditDetail.Of(
                    ("version", release.Version),
                    ("previousVersion", previous.Version),
                    ("endpoint", endpoint),
                    ("previousEndpoint", current.Cell.Endpoint),
                    ("deployment", deployment));
                var version = await CommitChangeAsync(c, tx, now, actor, "cell.release", AuditDetail.CellTarget(cell), detail);
                return new Committed<CellRecord>(record, version, true);
            },
            cancellationToken);

    public Task<IReadOnlyDictionary<string, CellRelease>> ListPreviousReleasesAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyDictionary<string, CellRelease>>(
            async (c, tx) => (await c.QueryAsync<(string Id, string Previous)>("SELECT id, previous_release FROM cells WHERE previous_release IS NOT NULL;", transaction: tx))
                .ToDictionary(r => r.Id, r => JsonSerializer.Deserialize(r.Previous, CellularJsonContext.Default.CellRelease)!, StringComparer.Ordinal),
            cancellationToken);

    public Task<DeploymentFreeze> GetDeploymentFreezeAsync(CancellationToken cancellationToken) =>
        ReadAsync(ReadFreezeAsync, cancellationToken);

    public Task<DeploymentFreeze> SetDeploymentFreezeAsync(bool engaged, string? reason, string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                var current = await ReadFreezeAsync(c, tx);
                if (current.Engaged == engaged)
                {
                    return current;
                }

                await c.ExecuteAsync(
                    "UPDATE deployment_freeze SET engaged = @engaged, reason = @reason, changed_at = @now, changed_by = @actor WHERE id = 1;",
                    new { engaged = engaged ? 1 : 0, reason = engaged ? reason : null, now, actor },
                    tx);
                await AppendAuditAsync(
                    c,
                    tx,
                    now,
                    actor,
                    engaged ? "deployment.freeze.engage" : "deployment.freeze.release",
                    AuditDetail.DeploymentFreezeTarget,
                    engaged && reason is not null ? AuditDetail.Of(("reason", reason)) : null);
                return await ReadFreezeAsync(c, tx);
            },
            cancellationToken);

    private static async Task<DeploymentFreeze> ReadFreezeAsync(SqliteConnection connection, SqliteTransaction transaction)
    {
        var (engaged, reason, changedAt, changedBy) = await connection.QuerySingleAsync<(long, string?, string?, string?)>(
            "SELECT engaged, reason, changed_at, changed_by FROM deployment_freeze WHERE id = 1;",
            transaction: transaction);
        return new DeploymentFreeze(engaged != 0, reason, changedAt is null ? null : StoreTime.Parse(changedAt), changedBy);
    }

    private static async Task<DeploymentRecord?> FindDeploymentAsync(SqliteConnection connection, SqliteTransaction transaction, string id)
    {
        var row = await connection.QuerySingleOrDefaultAsync<DeploymentRow>($"{DeploymentRow.Select} WHERE id = @id;", new { id }, transaction);
        return row?.ToRecord();
    }
}
