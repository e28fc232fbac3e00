using Cellular.Core.Model;

namespace Cellular.Core.Api;

/// <summary>Body of <c>POST /api/v1/cells</c>. Only <see cref="Id"/> is required.</summary>
/// <param name="Id">Lower-case cell id.</param>
/// <param name="Provider"><c>process</c> (default: starts a local cell process) or <c>static</c> (an endpoint you run).</param>
/// <param name="Region">Region, default <c>local</c>.</param>
/// <param name="Zone">Zone, default <c>local-a</c>.</param>
/// <param name="Stage"><c>dev</c>, <c>staging</c> or <c>prod</c> (default).</param>
/// <param name="Capacity">Weight units the cell may hold, default 1000.</param>
/// <param name="Endpoint">Base URL, required for <c>static</c> cells.</param>
/// <param name="Labels">Free-form labels.</param>
/// <param name="Version">Application version, default <c>1.0.0</c>.</param>
/// <param name="Template">For <c>command</c> cells: the template (from configuration) whose scripts run the cell.</param>
/// <param name="Artifact">What the provider runs (see <see cref="CellRelease"/>); default: its configured program.</param>
/// <param name="Config">Settings handed to the app.</param>
public sealed record CreateCellRequest(
    string? Id,
    string? Provider = null,
    string? Region = null,
    string? Zone = null,
    string? Stage = null,
    int? Capacity = null,
    string? Endpoint = null,
    Dictionary<string, string>? Labels = null,
    string? Version = null,
    string? Template = null,
    string? Artifact = null,
    Dictionary<string, string>? Config = null);

/// <summary>
/// A cell as the API shows it, with its current load, from the control plane's health monitor its
/// health, and its release: what it runs now and what a rollback would put back.
/// </summary>
public sealed record CellView(
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
    int Tenants,
    int Load,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    CellHealthStatus? Health = null,
    CellRelease? Release = null,
    CellRelease? PreviousRelease = null,
    string? Template = null,
    string? Deployment = null);
