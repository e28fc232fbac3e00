using Cellular.Core.Model;
using Dapper;

namespace Cellular.ControlPlane.Store;

/// <summary>The health monitor's marks (<c>cell_health</c>): one per cell it made Unhealthy, with the state to give back.</summary>
internal sealed class HealthMarkStore
{
    public async Task<IReadOnlyList<CellHealthMark>> ListAsync(StoreTransaction tx)
    {
        var rows = await tx.Connection.QueryAsync<(string Cell, string ReturnState, string MarkedAt, string Reason)>(
            "SELECT cell, return_state, marked_at, reason FROM cell_health ORDER BY cell;",
            transaction: tx.Transaction);
        return rows.Select(r => new CellHealthMark(r.Cell, Enum.Parse<CellState>(r.ReturnState), StoreTime.Parse(r.MarkedAt), r.Reason)).ToList();
    }

    /// <summary>The mark of <paramref name="cell"/>, locked for the transaction; null when it has none.</summary>
    public async Task<CellHealthMark?> GetForUpdateAsync(StoreTransaction tx, string cell)
    {
        var rows = await tx.Connection.QueryAsync<(string Cell, string ReturnState, string MarkedAt, string Reason)>(
            $"SELECT cell, return_state, marked_at, reason FROM cell_health WHERE cell = @cell{tx.Dialect.ForUpdate};",
            new { cell },
            tx.Transaction);
        return rows.Select(r => new CellHealthMark(r.Cell, Enum.Parse<CellState>(r.ReturnState), StoreTime.Parse(r.MarkedAt), r.Reason)).SingleOrDefault();
    }

    /// <summary>Stores <paramref name="mark"/>, replacing the cell's previous one.</summary>
    public Task PutAsync(StoreTransaction tx, CellHealthMark mark) =>
        tx.Connection.ExecuteAsync(
            """
            INSERT INTO cell_health (cell, return_state, marked_at, reason) VALUES (@cell, @returnState, @markedAt, @reason)
            ON CONFLICT (cell) DO UPDATE SET return_state = excluded.return_state, marked_at = excluded.marked_at, reason = excluded.reason;
            """,
            new { cell = mark.Cell, returnState = mark.ReturnState.ToString(), markedAt = StoreTime.Format(mark.MarkedAt), reason = mark.Reason },
            tx.Transaction);

    /// <summary>Removes the mark of <paramref name="cell"/>, if any.</summary>
    public Task DeleteAsync(StoreTransaction tx, string cell) =>
        tx.Connection.ExecuteAsync("DELETE FROM cell_health WHERE cell = @cell;", new { cell }, tx.Transaction);
}
