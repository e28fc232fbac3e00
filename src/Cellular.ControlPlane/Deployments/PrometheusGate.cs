using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Cellular.Core.Api;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Deployments;

/// <summary>
/// Judges a baking wave by its deployment's Prometheus analyses, beside the built-in router-stats
/// gate: every <see cref="PrometheusOptions.Interval"/> (and once more when the bake ends) each
/// analysis's query runs — once per deployed cell when it names <c>{{cell}}</c> — and every sample
/// must meet its condition. No data, NaN, or a Prometheus that cannot be asked is inconclusive
/// (never a pass); failed evaluations beyond the analysis's <c>failureLimit</c> fail the wave.
/// Failure counts live in memory per wave (a restarted control plane counts again from zero).
/// </summary>
internal sealed class PrometheusGate(PrometheusClient client, IOptions<PrometheusOptions> options)
{
    /// <summary>The <see cref="GateDecision.Gate"/> of every decision it makes.</summary>
    public const string Gate = "prometheus";

    private static readonly TimeSpan Forget = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<string, WaveState> _waves = new(StringComparer.Ordinal);

    /// <summary>
    /// The analyses' judgement of <paramref name="wave"/>: a fresh one when an evaluation is due,
    /// else the last one; null when the deployment has no analyses.
    /// </summary>
    public async Task<GateJudgement?> JudgeAsync(Deployment deployment, DeploymentWave wave, DateTimeOffset bakeStart, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (deployment.Analysis is not { Count: > 0 } analyses)
        {
            return null;
        }

        Prune(now);
        var state = _waves.GetOrAdd($"{deployment.Id}/{wave.Index}", _ => new WaveState());
        var bakeEnded = wave.BakeEndsAt is { } ends && now >= ends;
        var due = state.Last is null
            || now - state.LastAt >= options.Value.Interval
            || (bakeEnded && state.LastAt < wave.BakeEndsAt);
        if (!due)
        {
            return state.Last;
        }

        var window = string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (long)(now - bakeStart).TotalSeconds)}s");
        var decisions = new List<GateDecision>();
        foreach (var analysis in analyses)
        {
            var condition = PrometheusCondition.Parse(analysis.SuccessCondition)!;
            var runs = analysis.Query.Contains("{{cell}}", StringComparison.Ordinal)
                ? wave.Cells.Select(c => (Cell: c, Query: Expand(analysis.Query, c, wave.Cells, deployment.Version, window)))
                : [(Cell: string.Join(",", wave.Cells), Query: Expand(analysis.Query, null, wave.Cells, deployment.Version, window))];
            foreach (var (cell, query) in runs)
            {
                var result = await client.QueryAsync(query, now, cancellationToken);
                decisions.Add(Decide(state, wave.Index, cell, analysis, condition, query, result, now));
            }
        }

        var verdict = decisions.Any(d => d.Verdict == GateVerdict.Fail) ? GateVerdict.Fail
            : decisions.Any(d => d.Verdict == GateVerdict.Inconclusive) ? GateVerdict.Inconclusive
            : GateVerdict.Pass;
        state.Last = new GateJudgement(verdict, decisions);
        state.LastAt = now;
        return state.Last;
    }

    /// <summary>The query with its placeholders filled in.</summary>
    internal static string Expand(string query, string? cell, IReadOnlyList<string> cells, string version, string window)
    {
        var text = query
            .Replace("{{cells}}", string.Join("|", cells.Select(Regex.Escape)), StringComparison.Ordinal)
            .Replace("{{version}}", version, StringComparison.Ordinal)
            .Replace("{{window}}", window, StringComparison.Ordinal);
        return cell is null ? text : text.Replace("{{cell}}", cell, StringComparison.Ordinal);
    }

    private static GateDecision Decide(
        WaveState state, int wave, string cell, DeploymentAnalysis analysis, PrometheusCondition condition, string query, PrometheusQueryResult result, DateTimeOffset now)
    {
        var asked = $"{analysis.Name} on {cell}: `{query}`";
        if (result.Error is not null)
        {
            return new GateDecision(now, wave, cell, Gate, analysis.Name, null, null, condition.Threshold, GateVerdict.Inconclusive,
                $"{asked} could not be evaluated, which is inconclusive, never a pass: {result.Error}");
        }

        if (result.Samples.Count == 0 || result.Samples.Any(s => double.IsNaN(s.Value)))
        {
            return new GateDecision(now, wave, cell, Gate, analysis.Name, null, null, condition.Threshold, GateVerdict.Inconclusive,
                $"{asked} returned {(result.Samples.Count == 0 ? "no data" : "NaN")}, which is inconclusive, never a pass (is there traffic, and does Prometheus scrape the cells?).");
        }

        var failing = result.Samples.Where(s => !condition.IsMet(s.Value)).ToList();
        var shown = failing.Count > 0 ? failing[0] : result.Samples[0];
        var values = string.Join(", ", result.Samples.Take(5).Select(s => $"{Number(s.Value)}{(s.Labels is "" or "{}" ? "" : " " + s.Labels)}"))
            + (result.Samples.Count > 5 ? $" (and {result.Samples.Count - 5} more)" : "");
        if (failing.Count == 0)
        {
            return new GateDecision(now, wave, cell, Gate, analysis.Name, shown.Value, null, condition.Threshold, GateVerdict.Pass,
                $"{asked} returned {values}: {condition} holds.");
        }

        var failures = state.Failures.AddOrUpdate(analysis.Name, 1, (_, n) => n + 1);
        var failed = failures > analysis.FailureLimit;
        return new GateDecision(now, wave, cell, Gate, analysis.Name, shown.Value, null, condition.Threshold, failed ? GateVerdict.Fail : GateVerdict.Pass,
            $"{asked} returned {values}: {condition} does not hold; failed evaluation {failures} of the {analysis.FailureLimit} tolerated this bake{(failed ? "." : ", so the wave goes on.")}");
    }

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, state) in _waves)
        {
            if (now - state.LastAt > Forget)
            {
                _waves.TryRemove(key, out _);
            }
        }
    }

    private sealed class WaveState
    {
        public ConcurrentDictionary<string, int> Failures { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset LastAt { get; set; } = DateTimeOffset.MinValue;

        public GateJudgement? Last { get; set; }
    }
}
