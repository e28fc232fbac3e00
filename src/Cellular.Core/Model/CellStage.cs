using System.Text.Json.Serialization;

namespace Cellular.Core.Model;

/// <summary>Deployment stage of a cell, used to order deployment waves.</summary>
public enum CellStage
{
    /// <summary>Development cells, first to receive a new version.</summary>
    [JsonStringEnumMemberName("dev")]
    Dev,

    /// <summary>Pre-production cells.</summary>
    [JsonStringEnumMemberName("staging")]
    Staging,

    /// <summary>Production cells.</summary>
    [JsonStringEnumMemberName("prod")]
    Prod,
}
