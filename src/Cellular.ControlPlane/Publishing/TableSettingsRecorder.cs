using Cellular.ControlPlane.Store;

namespace Cellular.ControlPlane.Publishing;

/// <summary>
/// Records the table-wide settings (fallback) the published table is built with. When they differ
/// from the ones recorded before, the table version is bumped (audited as <c>table.settings</c>)
/// so routers fetch a table built with the new ones.
/// </summary>
internal sealed class TableSettingsRecorder(IStoreDatabase database, KeyStore keys, TableVersionStore versions, AuditStore audit)
{
    /// <summary>Records <paramref name="settings"/>; the new version, or null when nothing changed or nothing was recorded before (a new store).</summary>
    public Task<long?> RecordAsync(string settings, string actor, CancellationToken cancellationToken) =>
        database.WriteAsync<long?>(
            async tx =>
            {
                var before = await keys.GetTableSettingsAsync(tx);
                if (before == settings)
                {
                    return null;
                }

                await keys.SetTableSettingsAsync(tx, settings);

                // A new store has published nothing yet; a store of an older control plane may have.
                if (before is null && await versions.GetAsync(tx) == 1)
                {
                    return null;
                }

                var bumped = await versions.BumpAsync(tx);
                await audit.AppendAsync(tx, actor, "table.settings", "routing-table", AuditDetail.Of(("before", before), ("after", settings)));
                return bumped;
            },
            cancellationToken);
}
