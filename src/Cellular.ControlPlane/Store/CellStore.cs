using System.Text.Json;
using Cellular.ControlPlane.Cells;
using Cellular.ControlPlane.Placement;
using Cellular.ControlPlane.Store.Rows;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Model;
using Dapper;

namespace Cellular.ControlPlane.Store;

/// <summary>
/// Cell rows (<c>cells</c>). Persistence only: which state changes are allowed, whether an id or
/// endpoint may be taken, whether a cell may be removed are <c>CellService</c>'s rules, checked in
/// the same write transaction. <c>tenants</c> and <c>load</c> are kept in step by <c>TenantStore</c>.
/// </summary>
internal sealed class CellStore
{
    /// <summary>Every cell, retired ones too, ordered by id.</summary>
    public async Task<IReadOnlyList<CellRecord>> ListAsync(StoreTransaction tx) =>
        (await tx.Connection.QueryAsync<CellRow>($"{CellRow.Select} ORDER BY id;", transaction: tx.Transaction)).Select(r => r.ToRecord()).ToList();

    /// <summary>The cells that are not retired (the routing table's), ordered by id.</summary>
    public async Task<IReadOnlyList<Cell>> ListLiveAsync(StoreTransaction tx) =>
        (await tx.Connection.QueryAsync<CellRow>($"{CellRow.Select} WHERE state <> 'Retired' ORDER BY id;", transaction: tx.Transaction)).Select(r => r.ToRecord().Cell).ToList();

    public async Task<CellRecord?> GetAsync(StoreTransaction tx, string id) =>
        (await tx.Connection.QuerySingleOrDefaultAsync<CellRow>($"{CellRow.Select} WHERE id = @id;", new { id }, tx.Transaction))?.ToRecord();

    /// <summary>The cell, its row locked for the rest of the write transaction.</summary>
    public async Task<CellRecord?> GetForUpdateAsync(StoreTransaction tx, string id) =>
        (await tx.Connection.QuerySingleOrDefaultAsync<CellRow>($"{CellRow.Select} WHERE id = @id{tx.Dialect.ForUpdate};", new { id }, tx.Transaction))?.ToRecord();

    /// <summary>What placement needs of each cell in <paramref name="state"/>, ordered by id.</summary>
    public async Task<IReadOnlyList<CellLoad>> ListLoadsAsync(StoreTransaction tx, CellState state) =>
        (await tx.Connection.QueryAsync<CellLoadRow>($"{CellLoadRow.Select} WHERE state = @state ORDER BY id;", new { state = state.ToString() }, tx.Transaction))
            .Select(r => r.ToLoad())
            .ToList();

    /// <summary>What placement needs of one cell; null when there is none.</summary>
    public async Task<CellLoad?> GetLoadAsync(StoreTransaction tx, string id) =>
        (await tx.Connection.QuerySingleOrDefaultAsync<CellLoadRow>($"{CellLoadRow.Select} WHERE id = @id;", new { id }, tx.Transaction))?.ToLoad();

    /// <summary>The live (not retired) cell other than <paramref name="except"/> at <paramref name="endpoint"/>; null when none.</summary>
    public Task<string?> FindEndpointOwnerAsync(StoreTransaction tx, string endpoint, string? except = null) =>
        tx.Connection.QuerySingleOrDefaultAsync<string?>(
            "SELECT id FROM cells WHERE endpoint = @endpoint AND state <> 'Retired' AND (@except IS NULL OR id <> @except);",
            new { endpoint, except },
            tx.Transaction);

    /// <summary>Inserts a new cell, empty, created and updated at the transaction's time.</summary>
    public Task InsertAsync(StoreTransaction tx, Cell cell) =>
        tx.Connection.ExecuteAsync(
            """
            INSERT INTO cells (id, region, zone, stage, capacity, endpoint, state, provider, labels, version, artifact, config, template, created_at, updated_at)
            VALUES (@Id, @Region, @Zone, @Stage, @Capacity, @Endpoint, @State, @Provider, @Labels, @Version, @Artifact, @Config, @Template, @now, @now);
            """,
            new
            {
                cell.Id,
                cell.Region,
                cell.Zone,
                Stage = CellStages.Name(cell.Stage),
                cell.Capacity,
                cell.Endpoint,
                State = cell.State.ToString(),
                cell.Provider,
                Labels = CellRow.SerializeLabels(cell.Labels),
                cell.Version,
                cell.Artifact,
                Config = cell.Config is null ? null : CellRow.SerializeLabels(cell.Config),
                cell.Template,
                now = tx.NowText,
            },
            tx.Transaction);

    public Task SetStateAsync(StoreTransaction tx, string id, CellState state) =>
        tx.Connection.ExecuteAsync(
            "UPDATE cells SET state = @state, updated_at = @now WHERE id = @id;",
            new { id, state = state.ToString(), now = tx.NowText },
            tx.Transaction);

    /// <summary>Makes the cell run <paramref name="release"/> at <paramref name="endpoint"/>, remembering <paramref name="previous"/>.</summary>
    public Task SetReleaseAsync(StoreTransaction tx, string id, CellRelease release, string endpoint, CellRelease previous) =>
        tx.Connection.ExecuteAsync(
            """
            UPDATE cells SET version = @version, artifact = @artifact, config = @config, endpoint = @endpoint,
                             previous_release = @previous, updated_at = @now
            WHERE id = @id;
            """,
            new
            {
                id,
                version = release.Version,
                artifact = release.Artifact,
                config = CellRow.SerializeLabels(release.Config),
                endpoint,
                previous = JsonSerializer.Serialize(previous, CellularJsonContext.Default.CellRelease),
                now = tx.NowText,
            },
            tx.Transaction);

    /// <summary>The release each cell ran before its current one (cells never deployed are missing).</summary>
    public async Task<IReadOnlyDictionary<string, CellRelease>> ListPreviousReleasesAsync(StoreTransaction tx) =>
        (await tx.Connection.QueryAsync<(string Id, string Previous)>("SELECT id, previous_release FROM cells WHERE previous_release IS NOT NULL;", transaction: tx.Transaction))
            .ToDictionary(r => r.Id, r => JsonSerializer.Deserialize(r.Previous, CellularJsonContext.Default.CellRelease)!, StringComparer.Ordinal);

    /// <summary>Removes the cell row (and nothing else: the caller knows it holds no tenants).</summary>
    public Task DeleteAsync(StoreTransaction tx, string id) =>
        tx.Connection.ExecuteAsync("DELETE FROM cells WHERE id = @id;", new { id }, tx.Transaction);
}
