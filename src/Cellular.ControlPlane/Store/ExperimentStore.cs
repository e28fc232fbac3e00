using System.Globalization;
using Cellular.ControlPlane.Store.Rows;
using Cellular.Core.Api;
using Dapper;

namespace Cellular.ControlPlane.Store;

/// <summary>
/// Experiments (<c>experiments</c>: one JSON document each, with its state and report deadline as
/// columns to query by) and the kill switch (<c>kill_switch</c>). None of it changes the routing
/// table. Persistence only: which state changes apply and whether an experiment may start while
/// the kill switch is engaged are <c>ExperimentService</c>'s and <c>ExperimentTransitions</c>' rules.
/// </summary>
internal sealed class ExperimentStore
{
    public async Task<ExperimentRecord?> GetAsync(StoreTransaction tx, string id) =>
        (await tx.Connection.QuerySingleOrDefaultAsync<ExperimentRow>($"{ExperimentRow.Select} WHERE id = @id;", new { id }, tx.Transaction))?.ToRecord();

    /// <summary>The experiment, its row locked for the rest of the write transaction.</summary>
    public async Task<ExperimentRecord?> GetForUpdateAsync(StoreTransaction tx, string id) =>
        (await tx.Connection.QuerySingleOrDefaultAsync<ExperimentRow>($"{ExperimentRow.Select} WHERE id = @id{tx.Dialect.ForUpdate};", new { id }, tx.Transaction))?.ToRecord();

    /// <summary>The newest experiments first; only those targeting <paramref name="cell"/> when given.</summary>
    public async Task<IReadOnlyList<ExperimentRecord>> ListAsync(StoreTransaction tx, int limit, string? cell) =>
        (await tx.Connection.QueryAsync<ExperimentRow>(
            $"{ExperimentRow.Select} WHERE @cell IS NULL OR {tx.Dialect.JsonArrayContains("document", "targets", "cell")} ORDER BY seq DESC LIMIT @limit;",
            new { limit, cell },
            tx.Transaction))
            .Select(r => r.ToRecord())
            .ToList();

    /// <summary>Experiments that are Pending or Running, or still waiting for their report; oldest first.</summary>
    public async Task<IReadOnlyList<ExperimentRecord>> ListUnfinishedAsync(StoreTransaction tx) =>
        (await tx.Connection.QueryAsync<ExperimentRow>(
            $"{ExperimentRow.Select} WHERE state IN ('Pending', 'Running') OR report_due_at IS NOT NULL ORDER BY seq;",
            transaction: tx.Transaction))
            .Select(r => r.ToRecord())
            .ToList();

    /// <summary>Stores a new experiment under the next id (<c>exp-{n}</c>); returns it with that id.</summary>
    public async Task<ExperimentRecord> InsertAsync(StoreTransaction tx, Experiment experiment)
    {
        var seq = await tx.Connection.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(seq), 0) + 1 FROM experiments;", transaction: tx.Transaction);
        var record = new ExperimentRecord(experiment with { Id = string.Create(CultureInfo.InvariantCulture, $"exp-{seq}") });
        var parameters = new DynamicParameters(ExperimentRow.Columns(record, tx.NowText));
        parameters.Add("seq", seq);
        await tx.Connection.ExecuteAsync(
            """
            INSERT INTO experiments (seq, id, state, report_due_at, document, before_stats, during_stats, created_at, updated_at)
            VALUES (@seq, @id, @state, @reportDueAt, @document, @beforeStats, @duringStats, @createdAt, @now);
            """,
            parameters,
            tx.Transaction);
        return record;
    }

    /// <summary>Writes the experiment's state, report deadline, document and statistics.</summary>
    public Task SaveAsync(StoreTransaction tx, ExperimentRecord record) =>
        tx.Connection.ExecuteAsync(
            """
            UPDATE experiments
            SET state = @state, report_due_at = @reportDueAt, document = @document,
                before_stats = @beforeStats, during_stats = @duringStats, updated_at = @now
            WHERE id = @id;
            """,
            ExperimentRow.Columns(record, tx.NowText),
            tx.Transaction);

    public async Task<ExperimentKillSwitch> GetKillSwitchAsync(StoreTransaction tx)
    {
        var (engaged, changedAt, changedBy) = await tx.Connection.QuerySingleAsync<(long, string?, string?)>(
            "SELECT engaged, changed_at, changed_by FROM kill_switch WHERE id = 1;",
            transaction: tx.Transaction);
        return new ExperimentKillSwitch(engaged != 0, changedAt is null ? null : StoreTime.Parse(changedAt), changedBy, []);
    }

    /// <summary>Engages or releases the kill switch, stamped with the transaction's time and <paramref name="actor"/>.</summary>
    public Task SetKillSwitchAsync(StoreTransaction tx, bool engaged, string actor) =>
        tx.Connection.ExecuteAsync(
            "UPDATE kill_switch SET engaged = @engaged, changed_at = @now, changed_by = @actor WHERE id = 1;",
            new { engaged = engaged ? 1 : 0, now = tx.NowText, actor },
            tx.Transaction);
}
