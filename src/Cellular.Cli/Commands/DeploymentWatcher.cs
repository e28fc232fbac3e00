using Cellular.Cli.Api;
using Cellular.Cli.Rendering;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Commands;

/// <summary>
/// Follows a deployment until it reaches a final state, polling the control plane every second. In
/// a terminal it redraws the live view (waves × cells, bake countdown, latest gate evidence) in
/// place; elsewhere it prints one line per change (state, wave, cell step, gate decision), so logs
/// stay readable.
/// </summary>
internal sealed class DeploymentWatcher
{
    // Bakes count down in seconds: polling faster only adds load.
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    // Deployments run on the control plane and resume after it restarts: ride out a short outage.
    private static readonly TimeSpan UnreachableLimit = TimeSpan.FromSeconds(60);

    private readonly ControlPlaneClient _client;
    private readonly IAnsiConsole _console;
    private readonly TimeProvider _time;

    public DeploymentWatcher(ControlPlaneClient client, CliContext context)
    {
        _client = client;
        _console = context.Out;
        _time = context.TimeProvider;
    }

    /// <summary>Follows <paramref name="deployment"/> until it is final; returns it. With <paramref name="quiet"/> nothing is shown (for <c>--json</c>).</summary>
    public async Task<Deployment> WatchAsync(Deployment deployment, bool quiet, CancellationToken cancellationToken)
    {
        var poller = new WorkflowPoller(_time, PollInterval, UnreachableLimit);
        static bool Done(Deployment d) => DeploymentRendering.IsFinal(d.State);
        Task<Deployment> Fetch(Deployment last, CancellationToken ct) => _client.GetDeploymentAsync(last.Id, ct);
        if (quiet)
        {
            return await poller.PollAsync(deployment, Done, Fetch, _ => { }, cancellationToken);
        }

        var id = Markup.Escape(deployment.Id);
        if (!Done(deployment))
        {
            _console.MarkupLine($"[grey]Watching[/] {DeploymentRendering.Title(deployment)} [grey](Ctrl+C stops watching; the deployment keeps running: cellctl deployments abort {id} stops it)[/]");
        }

        if (!LiveOutput.IsSupported(_console))
        {
            var lines = new ChangeLines(_console);
            return await poller.PollAsync(deployment, Done, Fetch, lines.Write, cancellationToken);
        }

        var result = deployment;
        await _console.Live(DeploymentRendering.BuildLive(deployment, _time.GetUtcNow()))
            .AutoClear(false)
            .StartAsync(async context =>
            {
                result = await poller.PollAsync(
                    deployment,
                    Done,
                    Fetch,
                    d =>
                    {
                        context.UpdateTarget(DeploymentRendering.BuildLive(d, _time.GetUtcNow()));
                        context.Refresh();
                    },
                    cancellationToken);
            });
        return result;
    }

    /// <summary>Prints what changed since the last snapshot: the deployment's state, each wave's, each cell's step and new gate decisions.</summary>
    private sealed class ChangeLines(IAnsiConsole console)
    {
        private readonly Dictionary<int, (DeploymentWaveState State, DateTimeOffset? BakeEndsAt, string? Waiting)> _waves = [];
        private readonly Dictionary<string, DeploymentCellState> _cells = new(StringComparer.Ordinal);
        private readonly HashSet<GateDecision> _decisions = [];
        private const int FirstDecisions = 5;
        private (DeploymentState State, string? Reason, bool Pause, bool Abort)? _deployment;
        private bool _first = true;

        public void Write(Deployment deployment)
        {
            var current = (deployment.State, deployment.Reason, deployment.PauseRequested, deployment.AbortRequested);
            if (_deployment != current)
            {
                _deployment = current;
                var why = deployment.Reason is { Length: > 0 } reason ? $": {Markup.Escape(reason)}" : string.Empty;
                console.MarkupLine($"{Markup.Escape(deployment.Id)} {Styles.State(deployment.State)}{DeploymentRendering.Requested(deployment)}{why}");
                if (DeploymentRendering.Hint(deployment) is { } hint && deployment.State is DeploymentState.Paused or DeploymentState.WaitingForApproval)
                {
                    console.MarkupLine("  " + hint);
                }
            }

            foreach (var wave in deployment.Waves)
            {
                var state = (wave.State, wave.BakeEndsAt, wave.Waiting);
                var known = _waves.TryGetValue(wave.Index, out var last);
                if (known ? last != state : wave.State != DeploymentWaveState.Pending || wave.Waiting is not null)
                {
                    console.MarkupLine(known && last.State == wave.State && last.BakeEndsAt != wave.BakeEndsAt && wave.BakeEndsAt is { } ends
                        ? $"  wave {DeploymentRendering.WaveNumber(wave.Index)} bake extended to {Styles.Time(ends)}"
                        : DeploymentRendering.WaveLine(wave));
                }

                _waves[wave.Index] = state;
            }

            foreach (var cell in deployment.Cells)
            {
                var known = _cells.TryGetValue(cell.Cell, out var last);
                if (known ? last != cell.State : cell.State != DeploymentCellState.Pending)
                {
                    var error = cell.Error is { Length: > 0 } text && cell.State is DeploymentCellState.Failed or DeploymentCellState.RolledBack
                        ? $": {Markup.Escape(text)}"
                        : string.Empty;
                    console.MarkupLine($"    {Markup.Escape(cell.Cell)} {Styles.State(cell.State)}{error}");
                }

                _cells[cell.Cell] = cell.State;
            }

            if (_first)
            {
                // Watching a deployment that has been running a while: only its newest decisions.
                _first = false;
                foreach (var old in deployment.Evidence.Take(Math.Max(0, deployment.Evidence.Count - FirstDecisions)))
                {
                    _decisions.Add(old);
                }
            }

            foreach (var decision in deployment.Evidence)
            {
                if (_decisions.Add(decision))
                {
                    console.MarkupLine("    gate " + DeploymentRendering.DecisionLine(decision));
                }
            }
        }
    }
}
