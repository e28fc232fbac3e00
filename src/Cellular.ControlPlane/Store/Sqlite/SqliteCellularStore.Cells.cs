using Cellular.ControlPlane.Store.Rows;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cellular.ControlPlane.Store.Sqlite;

/// <summary>Cell lookups the operations not yet moved to the per-aggregate stores still need.</summary>
internal sealed partial class SqliteCellularStore
{
    private static async Task<CellRecord?> FindCellAsync(SqliteConnection connection, SqliteTransaction transaction, string id)
    {
        var row = await connection.QuerySingleOrDefaultAsync<CellRow>($"{CellRow.Select} WHERE id = @id;", new { id }, transaction);
        return row?.ToRecord();
    }
}
