using System.Text.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.ControlPlane.Store.Rows;

/// <summary>An <c>experiments</c> row: the experiment as JSON, with its state and report deadline as columns to query by.</summary>
internal sealed class ExperimentRow
{
    public const string Select = "SELECT document AS Document, before_stats AS BeforeStats, during_stats AS DuringStats FROM experiments";

    public string Document { get; set; } = string.Empty;

    public string? BeforeStats { get; set; }

    public string? DuringStats { get; set; }

    /// <summary>The column values of <paramref name="record"/>, named as the SQL statements use them.</summary>
    public static object Columns(ExperimentRecord record, string now)
    {
        var experiment = record.Experiment;
        return new
        {
            id = experiment.Id,
            state = experiment.State.ToString(),
            reportDueAt = experiment.Report is null && experiment.ReportDueAt is { } due ? StoreTime.Format(due) : null,
            document = JsonSerializer.Serialize(experiment, CellularJsonContext.Default.Experiment),
            beforeStats = Serialize(record.Before),
            duringStats = Serialize(record.During),
            createdAt = StoreTime.Format(experiment.CreatedAt),
            now,
        };
    }

    public ExperimentRecord ToRecord() => new(
        JsonSerializer.Deserialize(Document, CellularJsonContext.Default.Experiment)!,
        Deserialize(BeforeStats),
        Deserialize(DuringStats));

    private static string? Serialize(IReadOnlyDictionary<string, ExperimentWindowStats>? stats) =>
        stats is null
            ? null
            : JsonSerializer.Serialize(new Dictionary<string, ExperimentWindowStats>(stats, StringComparer.Ordinal), CellularJsonContext.Default.DictionaryStringExperimentWindowStats);

    private static Dictionary<string, ExperimentWindowStats>? Deserialize(string? json) =>
        json is null ? null : JsonSerializer.Deserialize(json, CellularJsonContext.Default.DictionaryStringExperimentWindowStats);
}
