using Cellular.ControlPlane.Experiments;
using Cellular.ControlPlane.Store;

namespace Cellular.ControlPlane.Migrations;

/// <summary>A cell is busy while a migration moves a tenant out of or into it (planned ones wait, soaking ones have moved).</summary>
internal sealed class MigrationActivityGuard(MigrationStore migrationStore) : ICellActivityGuard
{
    /// <summary>The <see cref="ICellActivityGuard.Kind"/> of migrations.</summary>
    public const string Name = "migration";

    public string Kind => Name;

    public async Task<string?> FindConflictAsync(StoreTransaction tx, string cell)
    {
        var busy = (await migrationStore.ListUnfinishedAsync(tx))
            .FirstOrDefault(m => m.State.IsBusy() && (m.From == cell || m.To == cell));
        return busy is null
            ? null
            : $"Cell '{cell}' is in migration {busy.Id} of tenant '{busy.Tenant}' ({busy.From} → {busy.To}, {busy.State}); wait for it to end or abort it (POST /api/v1/migrations/{busy.Id}/abort).";
    }
}
