using System.Globalization;
using System.Text.Json.Nodes;
using Cellular.ControlPlane.Errors;
using Cellular.Core.Api;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cellular.ControlPlane.Store.Sqlite;

/// <summary>Experiment rows and the kill switch. None of it changes the routing table, so no version is bumped; every change is audited.</summary>
internal sealed partial class SqliteCellularStore
{
    public Task<ExperimentRecord> CreateExperimentAsync(Experiment experiment, string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                if (await c.ExecuteScalarAsync<long>("SELECT engaged FROM kill_switch WHERE id = 1;", transaction: tx) != 0)
                {
                    throw ControlPlaneException.Conflict(
                        "Kill switch engaged",
                        "The experiment kill switch is engaged, so no experiment may start; release it with DELETE /api/v1/experiments/kill-switch.");
                }

                var seq = await c.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(seq), 0) + 1 FROM experiments;", transaction: tx);
                var record = new ExperimentRecord(experiment with { Id = string.Create(CultureInfo.InvariantCulture, $"exp-{seq}") });
                var parameters = new DynamicParameters(ExperimentRow.Columns(record, now));
                parameters.Add("seq", seq);
                await c.ExecuteAsync(
                    """
                    INSERT INTO experiments (seq, id, state, report_due_at, document, before_stats, during_stats, created_at, updated_at)
                    VALUES (@seq, @id, @state, @reportDueAt, @document, @beforeStats, @duringStats, @createdAt, @now);
                    """,
                    parameters,
                    tx);
                var detail = new JsonObject
                {
                    ["targets"] = new JsonArray([.. record.Experiment.Targets.Select(t => JsonValue.Create(t))]),
                    ["fault"] = record.Experiment.Fault.Kind.ToString().ToLowerInvariant(),
                    ["durationSeconds"] = record.Experiment.DurationSeconds,
                }.ToJsonString();
                await AppendAuditAsync(c, tx, now, actor, "experiment.create", AuditDetail.ExperimentTarget(record.Id), detail);
                return record;
            },
            cancellationToken);

    public Task<ExperimentRecord?> GetExperimentAsync(string id, CancellationToken cancellationToken) =>
        ReadAsync((c, tx) => FindExperimentAsync(c, tx, id), cancellationToken);

    public Task<IReadOnlyList<ExperimentRecord>> ListExperimentsAsync(int limit, string? cell, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ExperimentRecord>>(
            async (c, tx) => (await c.QueryAsync<ExperimentRow>(
                    $"{ExperimentRow.Select} WHERE @cell IS NULL OR EXISTS (SELECT 1 FROM json_each(document, '$.targets') t WHERE t.value = @cell) ORDER BY seq DESC LIMIT @limit;",
                    new { limit, cell },
                    tx))
                .Select(r => r.ToRecord())
                .ToList(),
            cancellationToken);

    public Task<IReadOnlyList<ExperimentRecord>> ListUnfinishedExperimentsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ExperimentRecord>>(
            async (c, tx) => (await c.QueryAsync<ExperimentRow>(
                    $"{ExperimentRow.Select} WHERE state IN ('Pending', 'Running') OR report_due_at IS NOT NULL ORDER BY seq;",
                    transaction: tx))
                .Select(r => r.ToRecord())
                .ToList(),
            cancellationToken);

    public Task<ExperimentRecord?> UpdateExperimentAsync(
        string id,
        IReadOnlyCollection<ExperimentState>? from,
        Func<ExperimentRecord, ExperimentRecord> change,
        ExperimentAudit? audit,
        CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                var current = await FindExperimentAsync(c, tx, id);
                if (current is null || (from is not null && !from.Contains(current.State)))
                {
                    return null;
                }

                var updated = change(current);
                await c.ExecuteAsync(
                    """
                    UPDATE experiments
                    SET state = @state, report_due_at = @reportDueAt, document = @document,
                        before_stats = @beforeStats, during_stats = @duringStats, updated_at = @now
                    WHERE id = @id;
                    """,
                    ExperimentRow.Columns(updated, now),
                    tx);
                if (audit is not null)
                {
                    await AppendAuditAsync(c, tx, now, audit.Actor, audit.Action, AuditDetail.ExperimentTarget(id), audit.Detail);
                }

                return updated;
            },
            cancellationToken);

    public Task<ExperimentKillSwitch> GetKillSwitchAsync(CancellationToken cancellationToken) =>
        ReadAsync(ReadKillSwitchAsync, cancellationToken);

    public Task<ExperimentKillSwitch> SetKillSwitchAsync(bool engaged, string actor, CancellationToken cancellationToken) =>
        WriteAsync(
            async (c, tx, now) =>
            {
                var current = await ReadKillSwitchAsync(c, tx);
                if (current.Engaged == engaged)
                {
                    return current;
                }

                await c.ExecuteAsync(
                    "UPDATE kill_switch SET engaged = @engaged, changed_at = @now, changed_by = @actor WHERE id = 1;",
                    new { engaged = engaged ? 1 : 0, now, actor },
                    tx);
                await AppendAuditAsync(
                    c,
                    tx,
                    now,
                    actor,
                    engaged ? "experiment.kill-switch.engage" : "experiment.kill-switch.release",
                    AuditDetail.KillSwitchTarget,
                    null);
                return await ReadKillSwitchAsync(c, tx);
            },
            cancellationToken);

    private static async Task<ExperimentKillSwitch> ReadKillSwitchAsync(SqliteConnection connection, SqliteTransaction transaction)
    {
        var (engaged, changedAt, changedBy) = await connection.QuerySingleAsync<(long, string?, string?)>(
            "SELECT engaged, changed_at, changed_by FROM kill_switch WHERE id = 1;",
            transaction: transaction);
        return new ExperimentKillSwitch(engaged != 0, changedAt is null ? null : StoreTime.Parse(changedAt), changedBy, []);
    }

    private static async Task<ExperimentRecord?> FindExperimentAsync(SqliteConnection connection, SqliteTransaction transaction, string id)
    {
        var row = await connection.QuerySingleOrDefaultAsync<ExperimentRow>($"{ExperimentRow.Select} WHERE id = @id;", new { id }, transaction);
        return row?.ToRecord();
    }
}
