using Cellular.Cli.Api;
using Cellular.Cli.Rendering;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Commands;

/// <summary>
/// Follows a chaos experiment from its fault phase through the after-window to its blast-radius
/// report: a progress bar in a terminal, one line per change of state elsewhere.
/// </summary>
internal sealed class ExperimentWatcher
{
    // Reports are built on whole seconds: polling faster only adds load.
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    // The control plane retries the routers' stats for a minute before it builds a report with gaps.
    private static readonly TimeSpan ReportGrace = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan UnreachableLimit = TimeSpan.FromSeconds(30);

    private readonly ControlPlaneClient _client;
    private readonly IAnsiConsole _console;
    private readonly TimeProvider _time;

    public ExperimentWatcher(ControlPlaneClient client, CliContext context)
    {
        _client = client;
        _console = context.Out;
        _time = context.TimeProvider;
    }

    /// <summary>True once nothing more will change that a watcher waits for: the report is in, or none will come.</summary>
    public static bool IsSettled(Experiment experiment) =>
        experiment.Report is not null
        || experiment.State == ExperimentState.Failed
        || (experiment.StartedAt is null && experiment.State is not (ExperimentState.Pending or ExperimentState.Running));

    /// <summary>
    /// Follows <paramref name="experiment"/> until its report is in, none will come, or the report is
    /// overdue by more than the control plane's own retry time; returns the last state seen.
    /// With <paramref name="quiet"/> nothing is shown (for <c>--json</c>).
    /// </summary>
    public async Task<Experiment> WatchAsync(Experiment experiment, bool quiet, CancellationToken cancellationToken)
    {
        var poller = new WorkflowPoller(_time, PollInterval, UnreachableLimit);
        bool Done(Experiment e) => IsSettled(e) || (e.ReportDueAt is { } due && _time.GetUtcNow() > due + ReportGrace);
        Task<Experiment> Fetch(Experiment last, CancellationToken ct) => _client.GetExperimentAsync(last.Id, ct);
        if (quiet)
        {
            return await poller.PollAsync(experiment, Done, Fetch, _ => { }, cancellationToken);
        }

        var id = Markup.Escape(experiment.Id);
        _console.MarkupLine($"[grey]Watching[/] {id} [grey](Ctrl+C stops watching; the experiment keeps running: cellctl chaos stop {id})[/]");
        if (!LiveOutput.IsSupported(_console))
        {
            // One line per change of state (or when the report arrives), for logs and pipes.
            (ExperimentState State, bool Report)? last = null;
            return await poller.PollAsync(
                experiment,
                Done,
                Fetch,
                e =>
                {
                    if (last != (e.State, e.Report is not null))
                    {
                        last = (e.State, e.Report is not null);
                        _console.MarkupLine($"{id} {Styles.State(e.State)}: {Markup.Escape(ExperimentRendering.DescribeProgress(e, _time.GetUtcNow()))}");
                    }
                },
                cancellationToken);
        }

        var result = experiment;
        await _console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(id, maxValue: 100);
                result = await poller.PollAsync(
                    experiment,
                    Done,
                    Fetch,
                    e =>
                    {
                        var now = _time.GetUtcNow();
                        task.Description = $"{id} {Styles.State(e.State)}: {Markup.Escape(ExperimentRendering.DescribeProgress(e, now))}";
                        task.Value = ExperimentRendering.Fraction(e, now) * 100;
                    },
                    cancellationToken);
                task.Value = 100;
            });
        return result;
    }
}
