using System.Text.RegularExpressions;
using Cellular.ControlPlane.Errors;
using Cellular.Core.Api;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Deployments;

/// <summary>Checks the analyses of a deployment request: 400 with a sentence saying what is wrong.</summary>
internal sealed partial class PrometheusAnalyses(IOptions<PrometheusOptions> options)
{
    public const int MaxAnalyses = 20;
    public const int MaxQueryLength = 4000;
    public const int MaxFailureLimit = 100;

    /// <summary>The validated analyses (empty when none were asked for).</summary>
    public IReadOnlyList<DeploymentAnalysis> Validate(IReadOnlyList<DeploymentAnalysisRequest>? requests)
    {
        if (requests is null || requests.Count == 0)
        {
            return [];
        }

        if (options.Value.Url is null)
        {
            throw ControlPlaneException.BadRequest(
                $"The deployment has {requests.Count} Prometheus analyses, but this control plane knows no Prometheus: set {PrometheusOptions.SectionName}:Url, or leave 'analysis' out.");
        }

        if (requests.Count > MaxAnalyses)
        {
            throw ControlPlaneException.BadRequest($"A deployment takes at most {MaxAnalyses} analyses; this one has {requests.Count}.");
        }

        var analyses = new List<DeploymentAnalysis>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i] ?? throw ControlPlaneException.BadRequest($"analysis[{i}] is null.");
            var where = $"analysis[{i}]";
            if (request.Name is null || !NamePattern().IsMatch(request.Name))
            {
                throw ControlPlaneException.BadRequest($"{where}.name must be 1–64 letters, digits, '.', '-' or '_'.");
            }

            where = $"analysis '{request.Name}'";
            if (analyses.Any(a => a.Name == request.Name))
            {
                throw ControlPlaneException.BadRequest($"Two analyses are named '{request.Name}'; names tell the evidence apart.");
            }

            if (string.IsNullOrWhiteSpace(request.Query) || request.Query.Length > MaxQueryLength)
            {
                throw ControlPlaneException.BadRequest($"The {where} needs a PromQL 'query' of 1–{MaxQueryLength} characters.");
            }

            if (request.Query.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            {
                throw ControlPlaneException.BadRequest($"The {where} has a control character in its query.");
            }

            if (PrometheusCondition.Parse(request.SuccessCondition) is null)
            {
                throw ControlPlaneException.BadRequest(
                    $"The {where} has successCondition '{request.SuccessCondition}'; write 'result {{op}} {{number}}' with op one of < <= > >= == !=, e.g. 'result < 0.05'.");
            }

            if (request.FailureLimit is < 0 or > MaxFailureLimit)
            {
                throw ControlPlaneException.BadRequest($"The {where} has failureLimit {request.FailureLimit}; use 0–{MaxFailureLimit}.");
            }

            analyses.Add(new DeploymentAnalysis(request.Name, request.Query, request.SuccessCondition!.Trim(), request.FailureLimit ?? 0));
        }

        return analyses;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex NamePattern();
}
