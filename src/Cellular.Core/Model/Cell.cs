namespace Cellular.Core.Model;

/// <summary>
/// One complete, independent deployment of the application with its own data store.
/// </summary>
/// <param name="Id">Lower-case id, see <see cref="Ids.IsValidCellId"/>.</param>
/// <param name="Region">Region the cell runs in; placement can be restricted to it.</param>
/// <param name="Zone">Availability zone inside the region.</param>
/// <param name="Stage">Deployment stage.</param>
/// <param name="Capacity">How many tenant weight units the cell may hold.</param>
/// <param name="Endpoint">Base URL the router forwards to, e.g. <c>http://127.0.0.1:5100</c>.</param>
/// <param name="State">Lifecycle state.</param>
/// <param name="Provider">How the cell is created and torn down (<c>process</c>, <c>static</c>, …).</param>
/// <param name="Labels">Free-form labels for operators and selectors.</param>
/// <param name="Version">Application version deployed in the cell.</param>
/// <param name="Artifact">What the provider runs for <see cref="Version"/>; null = the provider's default program.</param>
/// <param name="Config">Settings handed to the app with <see cref="Version"/>; null = none.</param>
/// <param name="Template">The <c>command</c> provider's template the cell was created from.</param>
public sealed record Cell(
    string Id,
    string Region,
    string Zone,
    CellStage Stage,
    int Capacity,
    string? Endpoint,
    CellState State,
    string Provider,
    IReadOnlyDictionary<string, string> Labels,
    string Version,
    string? Artifact = null,
    IReadOnlyDictionary<string, string>? Config = null,
    string? Template = null)
{
    /// <summary>The release the cell runs now.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Api.CellRelease Release => new(Version, Artifact, Config ?? new Dictionary<string, string>(StringComparer.Ordinal));
}
