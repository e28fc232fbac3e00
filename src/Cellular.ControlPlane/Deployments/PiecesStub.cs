// LOCAL STUB — replaced by dep-pieces merge; never committed.
using Cellular.ControlPlane.Configuration;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Microsoft.Extensions.Options;
namespace Cellular.ControlPlane.Deployments;
internal static class WavePlanner { public static IReadOnlyList<IReadOnlyList<string>> Plan(IReadOnlyList<Cell> cells, IReadOnlyDictionary<string, long> traffic, int growth) => [cells.Select(c => c.Id).ToList()]; }
internal sealed record GateJudgement(GateVerdict Verdict, IReadOnlyList<GateDecision> Decisions) { public GateDecision? Decisive => Decisions.FirstOrDefault(d => d.Verdict == GateVerdict.Fail) ?? Decisions.FirstOrDefault(d => d.Verdict == GateVerdict.Inconclusive); }
internal static class DeploymentGate { public static GateJudgement Judge(int wave, string cell, ExperimentWindowStats canary, ExperimentWindowStats? peers, ExperimentWindowStats? baseline, DeploymentGates gates, DateTimeOffset at) => new(GateVerdict.Pass, []); public static ExperimentWindowStats MergePeers(IEnumerable<ExperimentWindowStats> cells) => ExperimentWindowStats.Empty; }
internal sealed class DeploymentWindows(IOptions<DeploymentOptions> options) { public bool IsOpen(DateTimeOffset at) => options.Value.Windows.Count == 0; public DateTimeOffset? NextOpening(DateTimeOffset at) => null; public string Describe() => ""; }
internal static class DeploymentEvents { public const string WaitingForApproval = "deployment.waiting-for-approval"; public const string RolledBack = "deployment.rolled-back"; public const string Failed = "deployment.failed"; public const string Succeeded = "deployment.succeeded"; public const string Paused = "deployment.paused"; public const string Aborted = "deployment.aborted"; }
internal sealed class DeploymentNotifier { public void Notify(string eventName, Deployment deployment) { } }
internal static class PiecesStubExtensions { public static IServiceCollection AddDeploymentPieces(this IServiceCollection services) { services.AddOptions<DeploymentOptions>().BindConfiguration(DeploymentOptions.SectionName); services.AddSingleton<DeploymentWindows>(); services.AddSingleton<DeploymentNotifier>(); return services; } }
