using System.Text.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.ControlPlane.Store.Rows;

/// <summary>A <c>deployments</c> row: the deployment as JSON with its state as a column to query by, and the cells' baselines.</summary>
internal sealed class DeploymentRow
{
    public const string Select = "SELECT document AS Document, baselines AS Baselines FROM deployments";

    /// <summary>The final states, for <c>WHERE state NOT IN (…)</c>.</summary>
    public const string FinalStates = "('Succeeded', 'RolledBack', 'Failed', 'Aborted')";

    public string Document { get; set; } = string.Empty;

    public string? Baselines { get; set; }

    /// <summary>The column values of <paramref name="record"/>, named as the SQL statements use them.</summary>
    public static object Columns(DeploymentRecord record, string now) => new
    {
        id = record.Deployment.Id,
        state = record.Deployment.State.ToString(),
        document = JsonSerializer.Serialize(record.Deployment, CellularJsonContext.Default.Deployment),
        baselines = record.Baselines is null
            ? null
            : JsonSerializer.Serialize(new Dictionary<string, ExperimentWindowStats>(record.Baselines, StringComparer.Ordinal), CellularJsonContext.Default.DictionaryStringExperimentWindowStats),
        createdAt = StoreTime.Format(record.Deployment.CreatedAt),
        now,
    };

    public DeploymentRecord ToRecord() => new(
        JsonSerializer.Deserialize(Document, CellularJsonContext.Default.Deployment)!,
        Baselines is null ? null : JsonSerializer.Deserialize(Baselines, CellularJsonContext.Default.DictionaryStringExperimentWindowStats));
}
