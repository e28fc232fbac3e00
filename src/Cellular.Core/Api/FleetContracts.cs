using Cellular.Core.Model;

namespace Cellular.Core.Api;

/// <summary>
/// Golden signals of one cell (or of a group) over the control plane's signal window, as the
/// routers saw them. Every rate is null when there were no requests: "no data", never NaN or 0 %.
/// </summary>
/// <param name="Requests">Requests the routers finished for the cell in the window.</param>
/// <param name="RequestsPerSecond">Requests / window seconds.</param>
/// <param name="SuccessRate">Successes / requests (0–1); null without requests.</param>
/// <param name="ErrorRate">1 − success rate; null without requests.</param>
/// <param name="P50Ms">Median latency in milliseconds; null without requests.</param>
/// <param name="P99Ms">99th-percentile latency in milliseconds; null without requests.</param>
public sealed record CellSignals(long Requests, double RequestsPerSecond, double? SuccessRate, double? ErrorRate, double? P50Ms, double? P99Ms)
{
    /// <summary>No requests seen.</summary>
    public static CellSignals None { get; } = new(0, 0, null, null, null, null);
}

/// <summary>
/// One row of the fleet table (<c>GET /api/v1/fleet</c>): everything an operator reads about a cell
/// at a glance, as text and numbers, so the console, <c>cellctl top</c> and scripts show the same.
/// </summary>
/// <param name="Id">Cell id.</param>
/// <param name="State">Registry state.</param>
/// <param name="Health"><c>unknown</c>, <c>healthy</c> or <c>failing</c>: the health monitor's last probe.</param>
/// <param name="Stage">dev, staging or prod.</param>
/// <param name="Region">Region.</param>
/// <param name="Zone">Zone.</param>
/// <param name="Provider">process, static or command.</param>
/// <param name="Version">Version the cell runs.</param>
/// <param name="Tenants">Tenants assigned to it.</param>
/// <param name="Load">Their weight.</param>
/// <param name="Capacity">Weight units it may hold.</param>
/// <param name="Signals">Router signals over the window.</param>
/// <param name="Sparkline">Requests per second per sample, oldest first, covering the last minutes (at most <see cref="FleetSummary.SparklineSamples"/> values).</param>
/// <param name="Alarms">Alarms that fire now (see <see cref="FleetAlarm"/>); empty when none.</param>
/// <param name="Deployment">Id of the deployment working on the cell, if any.</param>
/// <param name="Migrations">Migrations moving tenants into or out of the cell now.</param>
/// <param name="Experiment">Id of the running experiment targeting the cell, if any.</param>
public sealed record FleetRow(
    string Id,
    CellState State,
    string Health,
    CellStage Stage,
    string Region,
    string Zone,
    string Provider,
    string Version,
    int Tenants,
    int Load,
    int Capacity,
    CellSignals Signals,
    IReadOnlyList<double> Sparkline,
    IReadOnlyList<FleetAlarm> Alarms,
    string? Deployment = null,
    int Migrations = 0,
    string? Experiment = null);

/// <summary>An alarm on a cell: what fires and a sentence with the numbers.</summary>
/// <param name="Kind"><c>unhealthy</c> (health probes failing or state Unhealthy), <c>error-rate</c> (above its peers' median + 0.05 with enough requests; above 0.05 when no peer has traffic), <c>p99</c> (above 2 × its peers' median + 50 ms), <c>quarantined</c>, <c>no-traffic-data</c> (routers unreadable).</param>
/// <param name="Severity"><c>critical</c> or <c>warning</c>.</param>
/// <param name="Detail">What was seen, with numbers.</param>
public sealed record FleetAlarm(string Kind, string Severity, string Detail);

/// <summary>Fleet-wide figures shown above the table: counts by instance, never "50 % healthy".</summary>
/// <param name="Cells">Cells that are not retired.</param>
/// <param name="ByState">Cells per state (state name → count).</param>
/// <param name="ByHealth">Cells per health (unknown/healthy/failing → count).</param>
/// <param name="Versions">Cells per version.</param>
/// <param name="Tenants">All tenants.</param>
/// <param name="Signals">The whole fleet's signals (all cells together).</param>
/// <param name="CellsWithAlarms">Cells with at least one alarm.</param>
/// <param name="WaitingForApproval">Deployments waiting for a person to approve their next wave.</param>
/// <param name="StatsAvailable">Whether the routers' statistics could be read at the last sample.</param>
/// <param name="StatsError">Why not, when they could not.</param>
/// <param name="SampledAt">When the router statistics were last read (null: never).</param>
/// <param name="WindowSeconds">Seconds the signals cover.</param>
/// <param name="SampleSeconds">Seconds per sparkline value.</param>
/// <param name="SparklineSamples">Most sparkline values per row.</param>
public sealed record FleetSummary(
    int Cells,
    IReadOnlyDictionary<string, int> ByState,
    IReadOnlyDictionary<string, int> ByHealth,
    IReadOnlyDictionary<string, int> Versions,
    int Tenants,
    CellSignals Signals,
    int CellsWithAlarms,
    IReadOnlyList<FleetApproval> WaitingForApproval,
    bool StatsAvailable,
    string? StatsError,
    DateTimeOffset? SampledAt,
    double WindowSeconds,
    double SampleSeconds,
    int SparklineSamples);

/// <summary>A deployment waiting for approval, as the fleet-wide list shows it.</summary>
/// <param name="Deployment">Deployment id.</param>
/// <param name="Version">Its version.</param>
/// <param name="Wave">Index of the wave that waits.</param>
/// <param name="Cells">That wave's cells.</param>
/// <param name="Since">When it started waiting (its last update).</param>
public sealed record FleetApproval(string Deployment, string Version, int Wave, IReadOnlyList<string> Cells, DateTimeOffset Since);

/// <summary>
/// <c>GET /api/v1/fleet</c>: one page of the fleet table, sorted and filtered on the server, with
/// the fleet-wide summary. Also the payload of each <c>fleet</c> event of <c>GET /api/v1/fleet/stream</c>.
/// </summary>
/// <param name="Rows">The page's rows.</param>
/// <param name="Offset">Rows skipped.</param>
/// <param name="Limit">Most rows asked for.</param>
/// <param name="Matched">Rows matching the filter (all pages).</param>
/// <param name="Sort">Sort key applied.</param>
/// <param name="Descending">Whether descending.</param>
/// <param name="Summary">Fleet-wide figures (not filtered).</param>
public sealed record FleetPage(IReadOnlyList<FleetRow> Rows, int Offset, int Limit, int Matched, string Sort, bool Descending, FleetSummary Summary);

/// <summary>
/// <c>GET /api/v1/fleet/cells/{id}</c>: one cell's row with the median of its peers (the other
/// Active cells with traffic) for the golden-signal comparison.
/// </summary>
/// <param name="Row">The cell's row.</param>
/// <param name="Peers">Median signals of its peers; null rates mean no peer had requests.</param>
/// <param name="PeerCount">How many peers the median is over.</param>
public sealed record FleetCellDetail(FleetRow Row, CellSignals Peers, int PeerCount);

/// <summary>
/// <c>GET /api/v1/tenants/{id}/route</c>: where the published routing table sends a tenant and why,
/// the same explanation the router gives in <c>X-Cell-Route</c>, with the tenant's moves.
/// </summary>
/// <param name="Tenant">Tenant id.</param>
/// <param name="Known">Whether the tenant is registered (false: only a fallback rule, if any, routes it).</param>
/// <param name="Cell">Cell the table routes it to; null when nothing does (reject).</param>
/// <param name="Rule"><c>pin</c>, <c>assignment</c>, <c>hashed-bucket</c>, <c>consistent-hash</c>, <c>key-range</c> or <c>none</c>.</param>
/// <param name="TableVersion">Version of the table that decides.</param>
/// <param name="Route">The <c>X-Cell-Route</c> value: <c>{rule}; v={version}</c>.</param>
/// <param name="Epoch">The tenant's epoch (0 for fallback-routed keys).</param>
/// <param name="Pinned">Whether it is pinned.</param>
/// <param name="Weight">Its weight (null when unknown).</param>
/// <param name="CellState">State of that cell.</param>
/// <param name="Moves">Its migrations, newest first (at most 50).</param>
public sealed record TenantRoute(
    string Tenant,
    bool Known,
    string? Cell,
    string Rule,
    long TableVersion,
    string Route,
    long Epoch,
    bool Pinned,
    int? Weight,
    CellState? CellState,
    IReadOnlyList<Migration> Moves);
