using System.Text.Json.Serialization;

namespace Cellular.Core.Api;

/// <summary>
/// Body of <c>POST /api/v1/experiments</c>: inject one fault into the target cells for a while and
/// measure whether the damage stays inside them. Unknown properties are refused, so a misspelt
/// <c>tenants</c> cannot widen a fault to every tenant.
/// </summary>
/// <param name="Name">Optional label for people, at most 128 printable characters.</param>
/// <param name="Targets">Required: the cells to inject the fault into (1–100, each Active).</param>
/// <param name="Fault">Required: what the fault does.</param>
/// <param name="DurationSeconds">Required, 1–3600: how long the fault lasts; the cells drop it on their own after this.</param>
/// <param name="StopConditions">When to abort early because a cell outside the targets degrades; defaults apply per field.</param>
/// <param name="BaselineSeconds">Length of the before-window the stop conditions compare with, 1–300, default 10.</param>
/// <param name="AfterSeconds">Length of the after-window measured once the fault is gone, 0–300, default 10.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateExperimentRequest(
    string? Name,
    IReadOnlyList<string>? Targets,
    ExperimentFaultRequest? Fault,
    int? DurationSeconds,
    ExperimentStopConditionsRequest? StopConditions = null,
    int? BaselineSeconds = null,
    int? AfterSeconds = null);

/// <summary>The fault of a <see cref="CreateExperimentRequest"/>; the cell-side rules of <see cref="CellFaultRequest"/> apply.</summary>
/// <param name="Kind">Required: <c>latency</c>, <c>error</c>, <c>abort</c> or <c>crash</c>.</param>
/// <param name="LatencyMs">Required for <c>latency</c> (1–300000); refused for other kinds.</param>
/// <param name="Status">For <c>error</c>: 429 or 500–599, default 500; refused for other kinds.</param>
/// <param name="Rate">Fraction of matching requests affected, more than 0 and at most 1, default 1.</param>
/// <param name="Tenants">Only requests of these tenants; omitted = every request of the target cells.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ExperimentFaultRequest(
    string? Kind,
    int? LatencyMs = null,
    int? Status = null,
    double? Rate = null,
    IReadOnlyList<string>? Tenants = null);

/// <summary>Stop conditions of a <see cref="CreateExperimentRequest"/>; every field is optional.</summary>
/// <param name="NonTargetErrorRateIncrease">Abort when a non-target cell's error rate exceeds its own baseline by more than this (absolute, 0–1, default 0.05).</param>
/// <param name="NonTargetP99Factor">Abort when a non-target cell's p99 exceeds its baseline p99 × this (1–100, default 2) …</param>
/// <param name="NonTargetP99FloorMs">… plus this many milliseconds, so a fast cell's noise does not count (0–60000, default 50).</param>
/// <param name="MinRequests">Windows with fewer requests are not judged (1–1000000, default 20).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ExperimentStopConditionsRequest(
    double? NonTargetErrorRateIncrease = null,
    double? NonTargetP99Factor = null,
    double? NonTargetP99FloorMs = null,
    int? MinRequests = null);

/// <summary>Where an experiment is in its life.</summary>
public enum ExperimentState
{
    /// <summary>Accepted; the baseline is being read and the fault not yet injected.</summary>
    Pending,

    /// <summary>The fault is injected and the stop conditions are watched.</summary>
    Running,

    /// <summary>The fault ran for its whole duration.</summary>
    Completed,

    /// <summary>A stop condition fired, or the control plane stopped or restarted; the fault was cleared.</summary>
    Aborted,

    /// <summary>An operator stopped it (or the kill switch); the fault was cleared.</summary>
    Stopped,

    /// <summary>It could not start (no router stats, a cell refused the fault); nothing stays injected.</summary>
    Failed,
}

/// <summary>An experiment's fault with its defaults filled in.</summary>
/// <param name="Kind">What the fault does.</param>
/// <param name="LatencyMs">Delay of a <c>latency</c> fault.</param>
/// <param name="Status">Status of an <c>error</c> fault.</param>
/// <param name="Rate">Fraction of matching requests affected.</param>
/// <param name="Tenants">Tenants the fault is limited to; null = all.</param>
public sealed record ExperimentFault(CellFaultKind Kind, int? LatencyMs, int? Status, double Rate, IReadOnlyList<string>? Tenants);

/// <summary>An experiment's stop conditions with their defaults filled in; see <see cref="ExperimentStopConditionsRequest"/>.</summary>
public sealed record ExperimentStopConditions(double NonTargetErrorRateIncrease, double NonTargetP99Factor, double NonTargetP99FloorMs, int MinRequests);

/// <summary>The fault set in one target cell.</summary>
/// <param name="Cell">The target cell.</param>
/// <param name="FaultId">The id the cell gave the fault, when it accepted it.</param>
/// <param name="ExpiresAt">When the cell drops the fault on its own.</param>
/// <param name="ClearedAt">When the control plane removed it again.</param>
/// <param name="Error">Why setting or clearing the fault failed.</param>
public sealed record ExperimentInjection(string Cell, string? FaultId, DateTimeOffset? ExpiresAt, DateTimeOffset? ClearedAt = null, string? Error = null);

/// <summary>A chaos experiment as <c>/api/v1/experiments</c> shows it.</summary>
/// <param name="Id">Id, <c>exp-{n}</c>.</param>
/// <param name="Name">The label given at creation.</param>
/// <param name="State">Where it is in its life.</param>
/// <param name="Targets">The cells the fault was injected into.</param>
/// <param name="Fault">The fault.</param>
/// <param name="DurationSeconds">How long the fault lasts at most.</param>
/// <param name="StopConditions">When it aborts itself.</param>
/// <param name="BaselineSeconds">Length of the before-window.</param>
/// <param name="AfterSeconds">Length of the after-window.</param>
/// <param name="CreatedBy">The actor who started it.</param>
/// <param name="CreatedAt">When it was accepted.</param>
/// <param name="StartedAt">When the fault phase began (end of the before-window).</param>
/// <param name="EndedAt">When the fault phase ended (duration elapsed, abort, stop or failure).</param>
/// <param name="Reason">Why it ended, with the evidence when a stop condition fired.</param>
/// <param name="Injections">One entry per target cell once the fault was set.</param>
/// <param name="ReportDueAt">When the blast-radius report will be ready (end of the after-window).</param>
/// <param name="Report">The blast-radius report, once the after-window has been measured.</param>
public sealed record Experiment(
    string Id,
    string? Name,
    ExperimentState State,
    IReadOnlyList<string> Targets,
    ExperimentFault Fault,
    int DurationSeconds,
    ExperimentStopConditions StopConditions,
    int BaselineSeconds,
    int AfterSeconds,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string? Reason,
    IReadOnlyList<ExperimentInjection> Injections,
    DateTimeOffset? ReportDueAt,
    BlastRadiusReport? Report);

/// <summary>
/// <c>/api/v1/experiments/kill-switch</c>: while engaged every running experiment is stopped and
/// new ones are refused.
/// </summary>
/// <param name="Engaged">True while no experiment may run.</param>
/// <param name="ChangedAt">When it was last engaged or released.</param>
/// <param name="ChangedBy">Who did it.</param>
/// <param name="StoppedExperiments">Experiments this call stopped (empty for reads and releases).</param>
public sealed record ExperimentKillSwitch(bool Engaged, DateTimeOffset? ChangedAt, string? ChangedBy, IReadOnlyList<string> StoppedExperiments);
