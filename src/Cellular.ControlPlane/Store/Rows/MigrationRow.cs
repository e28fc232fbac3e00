using System.Text.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.ControlPlane.Store.Rows;

/// <summary>A <c>migrations</c> row: the migration as JSON, with what queries filter on as columns.</summary>
internal static class MigrationRow
{
    public const string Select = "SELECT document FROM migrations";

    /// <summary>States whose migrations are finished; every other state counts as under way.</summary>
    public const string Finished = "('Complete', 'Aborted', 'Failed')";

    /// <summary>States of migrations under way whose tenant has not switched yet (their weight is reserved on the target).</summary>
    public const string Unswitched = "('Planned', 'Copying', 'CatchingUp', 'Verifying', 'Cutover')";

    /// <summary>The column values of <paramref name="migration"/>, named as the SQL statements use them.</summary>
    public static object Columns(Migration migration) => new
    {
        id = migration.Id,
        tenant = migration.Tenant,
        source = migration.From,
        target = migration.To,
        state = migration.State.ToString(),
        weight = migration.Weight,
        document = JsonSerializer.Serialize(migration, CellularJsonContext.Default.Migration),
        createdAt = StoreTime.Format(migration.CreatedAt),
        updatedAt = StoreTime.Format(migration.UpdatedAt),
    };

    public static Migration Read(string document) => JsonSerializer.Deserialize(document, CellularJsonContext.Default.Migration)!;
}
