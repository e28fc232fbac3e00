using System.Globalization;
using Cellular.ControlPlane.Cells;
using Cellular.ControlPlane.Errors;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Experiments;

/// <summary>
/// Checks a <see cref="CreateExperimentRequest"/> and fills in defaults, refusing with a message
/// that names the field. The fault rules match the cells' own, so a valid experiment is never
/// refused by a cell half-way through its injection.
/// </summary>
internal static class ExperimentRequestValidator
{
    public const int MaxNameLength = 128;
    public const int MaxTargets = 100;
    public const int MaxDurationSeconds = 3600;
    public const int MaxLatencyMs = 300_000;
    public const int MaxTenants = 1000;
    public const int MaxWindowSeconds = 300;
    public const int DefaultWindowSeconds = 10;
    public const int DefaultErrorStatus = 500;
    public const double DefaultErrorRateIncrease = 0.05;
    public const double DefaultP99Factor = 2.0;
    public const double DefaultP99FloorMs = 50;
    public const int DefaultMinRequests = 20;
    public const string Kinds = "latency, error, abort or crash";

    private const double MaxP99Factor = 100;
    private const double MaxP99FloorMs = 60_000;
    private const int MaxMinRequests = 1_000_000;

    /// <summary>The experiment to store, Pending, without an id yet.</summary>
    public static Experiment Validate(CreateExperimentRequest request, string actor, DateTimeOffset now)
    {
        var name = Name(request.Name);
        var targets = Targets(request.Targets);
        var fault = Fault(request.Fault);
        var duration = Range(request.DurationSeconds ?? throw Bad("'durationSeconds' is required: how long the fault lasts, 1 to 3600 seconds."), 1, MaxDurationSeconds, "durationSeconds");
        var baseline = Range(request.BaselineSeconds ?? DefaultWindowSeconds, 1, MaxWindowSeconds, "baselineSeconds");
        var after = Range(request.AfterSeconds ?? DefaultWindowSeconds, 0, MaxWindowSeconds, "afterSeconds");
        return new Experiment(
            string.Empty,
            name,
            ExperimentState.Pending,
            targets,
            fault,
            duration,
            StopConditions(request.StopConditions),
            baseline,
            after,
            actor,
            now,
            StartedAt: null,
            EndedAt: null,
            Reason: null,
            Injections: [],
            ReportDueAt: null,
            Report: null);
    }

    private static string? Name(string? name)
    {
        if (name is null)
        {
            return null;
        }

        if (name.Trim().Length == 0 || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            throw Bad($"The 'name' must be 1 to {MaxNameLength} printable characters.");
        }

        return name;
    }

    private static List<string> Targets(IReadOnlyList<string>? targets)
    {
        if (targets is null || targets.Count == 0)
        {
            throw Bad("'targets' is required: the ids of the cells to inject the fault into, e.g. [\"c1\"].");
        }

        if (targets.Count > MaxTargets)
        {
            throw Bad($"An experiment may target at most {MaxTargets} cells, not {targets.Count}.");
        }

        foreach (var target in targets)
        {
            CellRequestValidator.RequireCellId(target);
        }

        if (targets.GroupBy(t => t, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw Bad($"The cell '{duplicate.Key}' is named more than once in 'targets'.");
        }

        return [.. targets];
    }

    private static ExperimentFault Fault(ExperimentFaultRequest? fault)
    {
        if (fault is null)
        {
            throw Bad("'fault' is required, e.g. {\"kind\":\"error\",\"status\":503}.");
        }

        var kind = fault.Kind?.ToLowerInvariant() switch
        {
            null => throw Bad($"'fault.kind' is required: {Kinds}."),
            "latency" => CellFaultKind.Latency,
            "error" => CellFaultKind.Error,
            "abort" => CellFaultKind.Abort,
            "crash" => CellFaultKind.Crash,
            _ => throw Bad($"Unknown fault kind '{Shorten(fault.Kind)}'; use {Kinds}."),
        };

        int? latency = null;
        if (kind == CellFaultKind.Latency)
        {
            latency = Range(fault.LatencyMs ?? throw Bad($"'fault.latencyMs' is required for a latency fault (1 to {MaxLatencyMs})."), 1, MaxLatencyMs, "fault.latencyMs");
        }
        else if (fault.LatencyMs is not null)
        {
            throw Bad("'fault.latencyMs' applies only to latency faults; remove it.");
        }

        int? status = null;
        if (kind == CellFaultKind.Error)
        {
            status = fault.Status ?? DefaultErrorStatus;
            if (status is not (429 or (>= 500 and <= 599)))
            {
                throw Bad($"'fault.status' must be 429 or 500 to 599, not {status}.");
            }
        }
        else if (fault.Status is not null)
        {
            throw Bad("'fault.status' applies only to error faults; remove it.");
        }

        var rate = fault.Rate ?? 1.0;
        if (double.IsNaN(rate) || rate is <= 0 or > 1)
        {
            throw Bad($"'fault.rate' is the fraction of matching requests affected: more than 0 and at most 1, not {rate.ToString(CultureInfo.InvariantCulture)}.");
        }

        return new ExperimentFault(kind, latency, status, rate, Tenants(fault.Tenants));
    }

    private static List<string>? Tenants(IReadOnlyList<string>? tenants)
    {
        if (tenants is null)
        {
            return null;
        }

        if (tenants.Count is 0 or > MaxTenants)
        {
            throw Bad($"'fault.tenants' must list 1 to {MaxTenants} tenants, or be left out to affect every tenant of the targets.");
        }

        foreach (var tenant in tenants)
        {
            if (Ids.DescribeInvalidTenantId(tenant) is { } problem)
            {
                throw Bad($"'fault.tenants': {problem}");
            }
        }

        return tenants.Distinct(StringComparer.Ordinal).ToList();
    }

    private static ExperimentStopConditions StopConditions(ExperimentStopConditionsRequest? request)
    {
        var increase = request?.NonTargetErrorRateIncrease ?? DefaultErrorRateIncrease;
        if (double.IsNaN(increase) || increase is < 0 or > 1)
        {
            throw Bad($"'stopConditions.nonTargetErrorRateIncrease' is an absolute error-rate increase from 0 to 1 (0.05 = 5 points), not {increase.ToString(CultureInfo.InvariantCulture)}.");
        }

        var factor = request?.NonTargetP99Factor ?? DefaultP99Factor;
        if (double.IsNaN(factor) || factor is < 1 or > MaxP99Factor)
        {
            throw Bad($"'stopConditions.nonTargetP99Factor' must be 1 to {MaxP99Factor}, not {factor.ToString(CultureInfo.InvariantCulture)}.");
        }

        var floor = request?.NonTargetP99FloorMs ?? DefaultP99FloorMs;
        if (double.IsNaN(floor) || floor is < 0 or > MaxP99FloorMs)
        {
            throw Bad($"'stopConditions.nonTargetP99FloorMs' must be 0 to {MaxP99FloorMs} milliseconds, not {floor.ToString(CultureInfo.InvariantCulture)}.");
        }

        var minRequests = Range(request?.MinRequests ?? DefaultMinRequests, 1, MaxMinRequests, "stopConditions.minRequests");
        return new ExperimentStopConditions(increase, factor, floor, minRequests);
    }

    private static int Range(int value, int min, int max, string field) =>
        value < min || value > max ? throw Bad($"'{field}' must be {min} to {max}, not {value}.") : value;

    private static ControlPlaneException Bad(string detail) => ControlPlaneException.BadRequest(detail);

    private static string Shorten(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");
}
