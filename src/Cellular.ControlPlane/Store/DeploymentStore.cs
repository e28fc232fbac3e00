using System.Globalization;
using Cellular.ControlPlane.Store.Rows;
using Cellular.Core.Api;
using Dapper;

namespace Cellular.ControlPlane.Store;

/// <summary>
/// Wave deployments (<c>deployments</c>: one JSON document each with its state as a column to query
/// by, and each deployed cell's pre-deploy router statistics) and the deployment freeze
/// (<c>deployment_freeze</c>). Persistence only: plans, gates and controls live in <c>Deployments/</c>.
/// </summary>
internal sealed class DeploymentStore
{
    public async Task<DeploymentRecord?> GetAsync(StoreTransaction tx, string id) =>
        (await tx.Connection.QuerySingleOrDefaultAsync<DeploymentRow>($"{DeploymentRow.Select} WHERE id = @id;", new { id }, tx.Transaction))?.ToRecord();

    /// <summary>The deployment, its row locked for the rest of the write transaction.</summary>
    public async Task<DeploymentRecord?> GetForUpdateAsync(StoreTransaction tx, string id) =>
        (await tx.Connection.QuerySingleOrDefaultAsync<DeploymentRow>($"{DeploymentRow.Select} WHERE id = @id{tx.Dialect.ForUpdate};", new { id }, tx.Transaction))?.ToRecord();

    /// <summary>The newest deployments first; only those whose plan includes <paramref name="cell"/> when given.</summary>
    public async Task<IReadOnlyList<DeploymentRecord>> ListAsync(StoreTransaction tx, int limit, string? cell) =>
        (await tx.Connection.QueryAsync<DeploymentRow>(
            $"{DeploymentRow.Select} WHERE @cell IS NULL OR {tx.Dialect.JsonArrayContains("document", "cells", "cell", "cell")} ORDER BY seq DESC LIMIT @limit;",
            new { limit, cell },
            tx.Transaction))
            .Select(r => r.ToRecord())
            .ToList();

    /// <summary>Deployments not in a final state, oldest first.</summary>
    public async Task<IReadOnlyList<DeploymentRecord>> ListUnfinishedAsync(StoreTransaction tx) =>
        (await tx.Connection.QueryAsync<DeploymentRow>($"{DeploymentRow.Select} WHERE state NOT IN {DeploymentRow.FinalStates} ORDER BY seq;", transaction: tx.Transaction))
            .Select(r => r.ToRecord())
            .ToList();

    /// <summary>Stores a new deployment under the next id (<c>dep-{n}</c>); returns it with that id.</summary>
    public async Task<DeploymentRecord> InsertAsync(StoreTransaction tx, DeploymentRecord deployment)
    {
        var seq = await tx.Connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(seq), 0) + 1 FROM deployments;", transaction: tx.Transaction);
        var id = string.Create(CultureInfo.InvariantCulture, $"dep-{seq}");
        var record = deployment with { Deployment = deployment.Deployment with { Id = id } };
        var parameters = new DynamicParameters(DeploymentRow.Columns(record, tx.NowText));
        parameters.Add("seq", seq);
        await tx.Connection.ExecuteAsync(
            """
            INSERT INTO deployments (seq, id, state, document, baselines, created_at, updated_at)
            VALUES (@seq, @id, @state, @document, @baselines, @createdAt, @now);
            """,
            parameters,
            tx.Transaction);
        return record;
    }

    /// <summary>Writes the deployment's state, document and baselines.</summary>
    public Task SaveAsync(StoreTransaction tx, DeploymentRecord record) =>
        tx.Connection.ExecuteAsync(
            "UPDATE deployments SET state = @state, document = @document, baselines = @baselines, updated_at = @now WHERE id = @id;",
            DeploymentRow.Columns(record, tx.NowText),
            tx.Transaction);

    public async Task<DeploymentFreeze> GetFreezeAsync(StoreTransaction tx)
    {
        var (engaged, reason, changedAt, changedBy) = await tx.Connection.QuerySingleAsync<(long, string?, string?, string?)>(
            "SELECT engaged, reason, changed_at, changed_by FROM deployment_freeze WHERE id = 1;",
            transaction: tx.Transaction);
        return new DeploymentFreeze(engaged != 0, reason, changedAt is null ? null : StoreTime.Parse(changedAt), changedBy);
    }

    /// <summary>Engages (with <paramref name="reason"/>) or releases the freeze, stamped with the transaction's time and <paramref name="actor"/>.</summary>
    public Task SetFreezeAsync(StoreTransaction tx, bool engaged, string? reason, string actor) =>
        tx.Connection.ExecuteAsync(
            "UPDATE deployment_freeze SET engaged = @engaged, reason = @reason, changed_at = @now, changed_by = @actor WHERE id = 1;",
            new { engaged = engaged ? 1 : 0, reason = engaged ? reason : null, now = tx.NowText, actor },
            tx.Transaction);
}
