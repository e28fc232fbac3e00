using System.Text.Json.Serialization;

namespace Cellular.Core.Api;

/// <summary>
/// What runs in a cell: built once, deployed everywhere. For <c>process</c> cells
/// <see cref="Artifact"/> is the program (an executable or a <c>.dll</c>) and <see cref="Config"/>
/// becomes <c>--key=value</c> arguments; for <c>command</c> cells both are handed to the user's
/// deploy command.
/// </summary>
/// <param name="Version">The version the cell reports in <c>/_cell/info</c>.</param>
/// <param name="Artifact">What the provider runs; null = the provider's default program.</param>
/// <param name="Config">String settings handed to the app.</param>
public sealed record CellRelease(string Version, string? Artifact, IReadOnlyDictionary<string, string> Config);

/// <summary>
/// Body of <c>POST /api/v1/deployments</c>. Only <see cref="Version"/> is required; unknown
/// properties are refused so a misspelt <c>cells</c> cannot widen a deployment to the fleet.
/// </summary>
/// <param name="Version">Required: the release's version (1–64 characters: letters, digits, <c>.-+_</c>).</param>
/// <param name="Artifact">The program (process cells) or opaque artifact (command cells); default: what each cell runs now.</param>
/// <param name="Config">Settings handed to the app (keys: letters, digits, <c>:._-</c>).</param>
/// <param name="Waves">Explicit waves of cell ids, in order; default: the plan from the registry.</param>
/// <param name="Cells">Only these cells (A/B by cell): the default plan over them; the others stay on their release.</param>
/// <param name="BakeSeconds">How long each wave bakes under the gates, 0–86400; default from configuration.</param>
/// <param name="FirstProductionBakeSeconds">Bake of the first wave with a <c>prod</c> cell; default 2 × <see cref="BakeSeconds"/>.</param>
/// <param name="MaxParallel">Cells of one wave deployed at the same time, 1–100.</param>
/// <param name="WaveGrowth">Factor by which default waves grow (1, 2, 4, … for 2), 1–10.</param>
/// <param name="Approval"><c>none</c>, <c>production</c> (before each wave with a prod cell) or <c>every-wave</c>; default from configuration.</param>
/// <param name="RollbackAll">On a failed gate roll back every cell this deployment touched, not only the failing wave.</param>
/// <param name="Gates">Gate thresholds; defaults apply per field.</param>
/// <param name="Name">Optional label for people.</param>
/// <param name="Hotfix">Admin only: the deployment goes on through a freeze and outside the windows (never past a gate); audited as such.</param>
/// <param name="Analysis">Prometheus queries judged during every bake beside the built-in router-stats gate (like an Argo Rollouts analysis template); needs <c>Cellular:ControlPlane:Prometheus:Url</c>.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateDeploymentRequest(
    string? Version,
    string? Artifact = null,
    Dictionary<string, string>? Config = null,
    IReadOnlyList<IReadOnlyList<string>>? Waves = null,
    IReadOnlyList<string>? Cells = null,
    int? BakeSeconds = null,
    int? FirstProductionBakeSeconds = null,
    int? MaxParallel = null,
    int? WaveGrowth = null,
    string? Approval = null,
    bool? RollbackAll = null,
    DeploymentGatesRequest? Gates = null,
    string? Name = null,
    bool? Hotfix = null,
    IReadOnlyList<DeploymentAnalysisRequest>? Analysis = null);

/// <summary>
/// A Prometheus analysis of a deployment: a PromQL instant query and the condition every returned
/// sample must meet. In <see cref="Query"/>, <c>{{cell}}</c> is replaced by each deployed cell's id
/// (the query then runs once per cell), <c>{{cells}}</c> by a regex alternation of the wave's
/// deployed cells (<c>c1|c2</c>), <c>{{version}}</c> by the release's version and <c>{{window}}</c>
/// by the bake time so far in whole seconds, e.g. <c>30s</c>.
/// </summary>
/// <param name="Name">Required: a name for the evidence (letters, digits, <c>.-_</c>, 1–64).</param>
/// <param name="Query">Required: the PromQL query (at most 4,000 characters).</param>
/// <param name="SuccessCondition">Required: <c>result {op} {number}</c> with op one of <c>&lt; &lt;= &gt; &gt;= == !=</c>, e.g. <c>result &lt; 0.05</c>.</param>
/// <param name="FailureLimit">Failed evaluations tolerated during a bake before the gate fails (0–100, default 0: the first failure fails the wave).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DeploymentAnalysisRequest(string? Name, string? Query, string? SuccessCondition, int? FailureLimit = null);

/// <summary>A validated <see cref="DeploymentAnalysisRequest"/>.</summary>
public sealed record DeploymentAnalysis(string Name, string Query, string SuccessCondition, int FailureLimit);

/// <summary>Gate thresholds of a <see cref="CreateDeploymentRequest"/>; every field is optional.</summary>
/// <param name="ErrorRateIncrease">Fail when a deployed cell's error rate exceeds its peers' (and its own baseline's) by more than this (absolute, 0–1).</param>
/// <param name="P99Factor">Fail when a deployed cell's p99 exceeds the comparison p99 × this (1–100) …</param>
/// <param name="P99FloorMs">… plus this many milliseconds (0–60000).</param>
/// <param name="MinRequests">Fewer requests in the window is inconclusive, never a pass (1–1000000).</param>
/// <param name="MaxBakeExtensionSeconds">How long an inconclusive bake is extended before the deployment pauses for a person (0–86400).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DeploymentGatesRequest(
    double? ErrorRateIncrease = null,
    double? P99Factor = null,
    double? P99FloorMs = null,
    int? MinRequests = null,
    int? MaxBakeExtensionSeconds = null);

/// <summary>Gate thresholds with defaults filled in; see <see cref="DeploymentGatesRequest"/>.</summary>
public sealed record DeploymentGates(double ErrorRateIncrease, double P99Factor, double P99FloorMs, int MinRequests, int MaxBakeExtensionSeconds);

/// <summary>When a deployment waits for a person before a wave.</summary>
public enum DeploymentApproval
{
    /// <summary>Never: waves follow each other after their bake.</summary>
    None,

    /// <summary>Before every wave that holds a <c>prod</c> cell.</summary>
    Production,

    /// <summary>Before every wave.</summary>
    EveryWave,
}

/// <summary>Where a deployment is in its life.</summary>
public enum DeploymentState
{
    /// <summary>Accepted, no wave started yet.</summary>
    Pending,

    /// <summary>Deploying a wave's cells (or waiting for a window, the freeze or a busy cell before one).</summary>
    Running,

    /// <summary>A wave is deployed and baking under the gates.</summary>
    Baking,

    /// <summary>Paused by a person, or by an inconclusive gate that needs one; <c>resume</c> continues.</summary>
    Paused,

    /// <summary>The next wave waits for <c>approve</c>.</summary>
    WaitingForApproval,

    /// <summary>Every planned cell runs the release and every bake passed.</summary>
    Succeeded,

    /// <summary>A gate failed (or a cell did not take the release); the cells were rolled back.</summary>
    RolledBack,

    /// <summary>It stopped with cells it could not roll back; the reason says which.</summary>
    Failed,

    /// <summary>Stopped on request; cells already deployed keep the release.</summary>
    Aborted,
}

/// <summary>Where one wave is.</summary>
public enum DeploymentWaveState
{
    /// <summary>Not started: an earlier wave is still running.</summary>
    Pending,

    /// <summary>Held until a person approves it (a wave that requires approval).</summary>
    WaitingForApproval,

    /// <summary>Its cells are getting the release, one at a time.</summary>
    Deploying,

    /// <summary>Deployed; the gates watch its cells for the bake time before the next wave starts.</summary>
    Baking,

    /// <summary>Deployed and baked with every gate passing.</summary>
    Succeeded,

    /// <summary>A cell failed to deploy or a gate failed; the deployment stops here.</summary>
    Failed,

    /// <summary>Failed, and its cells were put back on the previous release.</summary>
    RolledBack,

    /// <summary>Never ran, because the deployment ended before reaching it.</summary>
    Skipped,

    /// <summary>The deployment was aborted while this wave was under way; its deployed cells keep the release.</summary>
    Aborted,
}

/// <summary>Where one cell of a deployment is. The steps are recorded before their side effects, so a restarted control plane knows where to continue.</summary>
public enum DeploymentCellState
{
    /// <summary>Its wave has not reached it.</summary>
    Pending,

    /// <summary>The new workload is being started beside the old one.</summary>
    Staging,

    /// <summary>The new workload is healthy at <see cref="DeploymentCell.StagedEndpoint"/>; the table switches to it and the old one drains.</summary>
    Switching,

    /// <summary>It runs the release.</summary>
    Deployed,

    /// <summary>It did not take the release and still runs the previous one.</summary>
    Failed,

    /// <summary>The previous release is being put back.</summary>
    RollingBack,

    /// <summary>It runs the previous release again.</summary>
    RolledBack,

    /// <summary>It was left out (retired meanwhile, or the deployment ended before its wave).</summary>
    Skipped,
}

/// <summary>One cell of a deployment.</summary>
/// <param name="Cell">The cell id.</param>
/// <param name="Wave">Index of its wave (0-based).</param>
/// <param name="State">Its step.</param>
/// <param name="Previous">The release it ran before this deployment reached it; what a rollback puts back.</param>
/// <param name="PreviousEndpoint">Where the previous workload served; drained and stopped after the switch.</param>
/// <param name="StagedEndpoint">Where the new workload serves once staged.</param>
/// <param name="StartedAt">When its deploy started.</param>
/// <param name="DeployedAt">When it started serving the release.</param>
/// <param name="Error">Why it failed, with the provider's log tail.</param>
public sealed record DeploymentCell(
    string Cell,
    int Wave,
    DeploymentCellState State,
    CellRelease? Previous = null,
    string? PreviousEndpoint = null,
    string? StagedEndpoint = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? DeployedAt = null,
    string? Error = null);

/// <summary>One wave of a deployment's plan.</summary>
/// <param name="Index">0-based position in the plan.</param>
/// <param name="Cells">Its cells, in deploy order.</param>
/// <param name="State">Where it is.</param>
/// <param name="BakeSeconds">How long it bakes.</param>
/// <param name="Approved">Who approved it, when it needed approval.</param>
/// <param name="StartedAt">When its first cell started deploying.</param>
/// <param name="BakeStartedAt">When its bake began (every cell deployed).</param>
/// <param name="BakeEndsAt">When its bake ends, extensions included.</param>
/// <param name="EndedAt">When it passed, failed or was rolled back.</param>
/// <param name="Waiting">Why it has not started yet (window, freeze, busy cell), for people.</param>
public sealed record DeploymentWave(
    int Index,
    IReadOnlyList<string> Cells,
    DeploymentWaveState State,
    int BakeSeconds,
    string? Approved = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? BakeStartedAt = null,
    DateTimeOffset? BakeEndsAt = null,
    DateTimeOffset? EndedAt = null,
    string? Waiting = null);

/// <summary>The verdict of one gate check.</summary>
public enum GateVerdict
{
    /// <summary>The canary is no worse than the limit allows.</summary>
    Pass,

    /// <summary>The canary breaks the limit: the wave fails.</summary>
    Fail,

    /// <summary>Not enough evidence yet (too few requests, no answer from the metrics source); the bake may be extended.</summary>
    Inconclusive,
}

/// <summary>
/// One decision of a gate, kept as evidence: what was compared, with what numbers, against which
/// threshold, and what it concluded.
/// </summary>
/// <param name="At">When it was decided.</param>
/// <param name="Wave">The wave it judged.</param>
/// <param name="Cell">The deployed cell it judged.</param>
/// <param name="Gate"><c>peers</c> (cells on the previous release, same window), <c>baseline</c> (the cell before its deploy), <c>health</c> (probe) or <c>traffic</c> (enough requests).</param>
/// <param name="Metric"><c>errorRate</c>, <c>p99Ms</c>, <c>requests</c> or <c>health</c>.</param>
/// <param name="Canary">The deployed cell's value.</param>
/// <param name="Baseline">The value it was compared with.</param>
/// <param name="Threshold">The limit the canary value had to stay within.</param>
/// <param name="Verdict">Pass, fail or inconclusive.</param>
/// <param name="Detail">The decision in a sentence.</param>
public sealed record GateDecision(
    DateTimeOffset At,
    int Wave,
    string Cell,
    string Gate,
    string Metric,
    double? Canary,
    double? Baseline,
    double? Threshold,
    GateVerdict Verdict,
    string Detail);

/// <summary>Router statistics of a group of cells over a deployment.</summary>
/// <param name="Group"><c>release</c> (cells on the deployment's release) or <c>previous</c> (the others).</param>
/// <param name="Version">The version the group ran (for <c>previous</c>, the versions, comma-separated).</param>
/// <param name="Cells">Its cells.</param>
/// <param name="Requests">Requests the routers finished for them.</param>
/// <param name="ErrorRate">Share of failed requests; null without requests ("no data", never NaN).</param>
/// <param name="P99Ms">Highest p99 among the group's cells; null without requests.</param>
public sealed record DeploymentGroupStats(string Group, string Version, IReadOnlyList<string> Cells, long Requests, double? ErrorRate, double? P99Ms);

/// <summary>
/// What a deployment did, for people and scripts: the group comparison (A/B by cell) over its
/// whole run and the gate decision that ended it.
/// </summary>
/// <param name="From">Start of the compared window.</param>
/// <param name="To">End of it.</param>
/// <param name="Groups">The release's cells against the others.</param>
/// <param name="Decisive">The failing (or inconclusive) gate decision that stopped it, if one did.</param>
public sealed record DeploymentReport(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<DeploymentGroupStats> Groups, GateDecision? Decisive);

/// <summary>A deployment as <c>/api/v1/deployments</c> shows it.</summary>
/// <param name="Id">Id, <c>dep-{n}</c>.</param>
/// <param name="Name">Label given at creation.</param>
/// <param name="State">Where it is.</param>
/// <param name="Version">The release's version.</param>
/// <param name="Release">The release.</param>
/// <param name="Waves">The plan recorded at creation, with each wave's progress.</param>
/// <param name="Cells">Each planned cell's step.</param>
/// <param name="MaxParallel">Cells of a wave deployed at once.</param>
/// <param name="Approval">When it waits for a person.</param>
/// <param name="RollbackAll">Whether a failed gate rolls back every touched cell.</param>
/// <param name="Gates">Its gate thresholds.</param>
/// <param name="CreatedBy">Who started it.</param>
/// <param name="CreatedAt">When it was accepted.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="EndedAt">When it reached a final state.</param>
/// <param name="Reason">Why it is paused or ended, in a sentence with the numbers.</param>
/// <param name="Evidence">Gate decisions (the final ones of each bake, every failure and inconclusive extension), oldest first, at most 500.</param>
/// <param name="Report">The group comparison once it ended.</param>
/// <param name="PauseRequested">A pause was asked for and takes effect at the next step.</param>
/// <param name="AbortRequested">An abort was asked for and takes effect at the next step.</param>
/// <param name="Hotfix">It ignores the freeze and the windows (an Admin asked for it); gates still apply.</param>
/// <param name="Analysis">Its Prometheus analyses (judged with the router-stats gate; evidence gate <c>prometheus</c>, metric = the analysis name).</param>
public sealed record Deployment(
    string Id,
    string? Name,
    DeploymentState State,
    string Version,
    CellRelease Release,
    IReadOnlyList<DeploymentWave> Waves,
    IReadOnlyList<DeploymentCell> Cells,
    int MaxParallel,
    DeploymentApproval Approval,
    bool RollbackAll,
    DeploymentGates Gates,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? EndedAt,
    string? Reason,
    IReadOnlyList<GateDecision> Evidence,
    DeploymentReport? Report,
    bool PauseRequested = false,
    bool AbortRequested = false,
    bool Hotfix = false,
    IReadOnlyList<DeploymentAnalysis>? Analysis = null);

/// <summary>Body of the control actions (<c>pause</c>, <c>resume</c>, <c>abort</c>, <c>approve</c>); optional.</summary>
/// <param name="Reason">Why, for the audit and the deployment's reason.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DeploymentActionRequest(string? Reason = null);

/// <summary>
/// <c>/api/v1/deployments/freeze</c>: while engaged no deployment starts a new wave (waves already
/// deploying finish and bake; rollbacks still run).
/// </summary>
/// <param name="Engaged">True while frozen.</param>
/// <param name="Reason">Why, as given when it was engaged.</param>
/// <param name="ChangedAt">When it was last engaged or released.</param>
/// <param name="ChangedBy">Who did it.</param>
public sealed record DeploymentFreeze(bool Engaged, string? Reason, DateTimeOffset? ChangedAt, string? ChangedBy);

/// <summary>Body of <c>POST /api/v1/deployments/freeze</c>.</summary>
/// <param name="Reason">Why deployments are frozen.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DeploymentFreezeRequest(string? Reason = null);

/// <summary>
/// <c>GET /api/v1/deployments/ledger</c>: which cells run which version (version skew), with each
/// group's router statistics over the last <see cref="WindowSeconds"/>.
/// </summary>
/// <param name="Versions">One entry per version running somewhere, most cells first.</param>
/// <param name="Skew">True when live cells run more than one version.</param>
/// <param name="WindowSeconds">The statistics window.</param>
/// <param name="StatsError">Why the routers' statistics are missing, when they could not be read.</param>
public sealed record VersionLedger(IReadOnlyList<VersionLedgerEntry> Versions, bool Skew, int WindowSeconds, string? StatsError = null);

/// <summary>One version of a <see cref="VersionLedger"/>.</summary>
/// <param name="Version">The version.</param>
/// <param name="Cells">Live cells running it.</param>
/// <param name="Requests">Their requests in the window.</param>
/// <param name="ErrorRate">Their share of failed requests; null without requests.</param>
/// <param name="P99Ms">Highest p99 among them; null without requests.</param>
public sealed record VersionLedgerEntry(string Version, IReadOnlyList<string> Cells, long Requests, double? ErrorRate, double? P99Ms);

/// <summary>A <c>command</c>-provider cell template as <c>GET /api/v1/cell-templates</c> lists it.</summary>
/// <param name="Name">The name cells give as <c>template</c>.</param>
/// <param name="Description">What it runs.</param>
/// <param name="Components">Its components, in the order their targets run.</param>
public sealed record CellTemplateView(string Name, string? Description, IReadOnlyList<CellTemplateComponentView> Components);

/// <summary>One component of a <see cref="CellTemplateView"/>.</summary>
/// <param name="Name">Component name.</param>
/// <param name="Targets">The targets it implements (<c>create</c>, <c>deploy</c>, <c>verify</c>, <c>destroy</c>).</param>
/// <param name="TimeoutSeconds">How long each target may run.</param>
public sealed record CellTemplateComponentView(string Name, IReadOnlyList<string> Targets, int TimeoutSeconds);
