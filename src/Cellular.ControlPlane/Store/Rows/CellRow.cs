using System.Text.Json;
using Cellular.ControlPlane.Cells;
using Cellular.Core.Json;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Store.Rows;

/// <summary>A <c>cells</c> row as Dapper reads it.</summary>
internal sealed class CellRow
{
    public const string Select = """
        SELECT id AS Id, region AS Region, zone AS Zone, stage AS Stage, capacity AS Capacity,
               endpoint AS Endpoint, state AS State, provider AS Provider, labels AS Labels,
               version AS Version, artifact AS Artifact, config AS Config, template AS Template,
               previous_release AS PreviousRelease, tenants AS Tenants, load AS Load,
               created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM cells
        """;

    public string Id { get; set; } = string.Empty;

    public string Region { get; set; } = string.Empty;

    public string Zone { get; set; } = string.Empty;

    public string Stage { get; set; } = string.Empty;

    public long Capacity { get; set; }

    public string? Endpoint { get; set; }

    public string State { get; set; } = string.Empty;

    public string Provider { get; set; } = string.Empty;

    public string Labels { get; set; } = "{}";

    public string Version { get; set; } = string.Empty;

    public string? Artifact { get; set; }

    public string? Config { get; set; }

    public string? Template { get; set; }

    public string? PreviousRelease { get; set; }

    public long Tenants { get; set; }

    public long Load { get; set; }

    public string CreatedAt { get; set; } = string.Empty;

    public string UpdatedAt { get; set; } = string.Empty;

    public static string SerializeLabels(IReadOnlyDictionary<string, string> labels) =>
        JsonSerializer.Serialize(new Dictionary<string, string>(labels, StringComparer.Ordinal), CellularJsonContext.Default.DictionaryStringString);

    public CellRecord ToRecord()
    {
        CellStages.TryParse(Stage, out var stage);
        var labels = JsonSerializer.Deserialize(Labels, CellularJsonContext.Default.DictionaryStringString) ?? [];
        var config = Config is null ? null : JsonSerializer.Deserialize(Config, CellularJsonContext.Default.DictionaryStringString);
        var cell = new Cell(Id, Region, Zone, stage, (int)Capacity, Endpoint, Enum.Parse<CellState>(State), Provider, labels, Version, Artifact, config, Template);
        var previous = PreviousRelease is null ? null : JsonSerializer.Deserialize(PreviousRelease, CellularJsonContext.Default.CellRelease);
        return new CellRecord(cell, (int)Tenants, Load, StoreTime.Parse(CreatedAt), StoreTime.Parse(UpdatedAt), previous);
    }
}
