using Cellular.Cli.Api;
using Cellular.Cli.Rendering;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Commands;

/// <summary>
/// Follows live migrations until they settle, polling the control plane: one move phase by phase,
/// or many (evacuation, rebalance) as a table. In a terminal the view redraws in place; elsewhere
/// it prints one line per finished phase or change of state, so logs stay readable.
/// </summary>
internal sealed class MigrationFollower
{
    // A cutover takes a few hundred milliseconds: poll often enough to see each phase end.
    private static readonly TimeSpan OneInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ManyInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan UnreachableLimit = TimeSpan.FromSeconds(30);

    private readonly ControlPlaneClient _client;
    private readonly IAnsiConsole _console;
    private readonly TimeProvider _time;

    public MigrationFollower(ControlPlaneClient client, CliContext context)
    {
        _client = client;
        _console = context.Out;
        _time = context.TimeProvider;
    }

    /// <summary>Follows one migration until it settles; with <paramref name="quiet"/> nothing is shown (for <c>--json</c>).</summary>
    public async Task<Migration> FollowAsync(Migration migration, bool quiet, CancellationToken cancellationToken)
    {
        var poller = new WorkflowPoller(_time, OneInterval, UnreachableLimit);
        Task<Migration> Fetch(Migration last, CancellationToken ct) => _client.GetMigrationAsync(last.Id, ct);
        static bool Done(Migration m) => MigrationRendering.IsSettled(m.State);
        if (quiet)
        {
            return await poller.PollAsync(migration, Done, Fetch, _ => { }, cancellationToken);
        }

        if (!LiveOutput.IsSupported(_console))
        {
            _console.MarkupLine($"Moving {MigrationRendering.Title(migration)}");
            var printed = new HashSet<MigrationState>();
            return await poller.PollAsync(
                migration,
                Done,
                Fetch,
                m =>
                {
                    foreach (var phase in MigrationRendering.Phases(m))
                    {
                        if (phase.EndedAt is not null && printed.Add(phase.Phase))
                        {
                            _console.MarkupLine(MigrationRendering.PhaseLine(m, phase, _time.GetUtcNow()));
                        }
                    }
                },
                cancellationToken);
        }

        var result = migration;
        await _console.Live(MigrationRendering.BuildProgress(migration, _time.GetUtcNow()))
            .AutoClear(false)
            .StartAsync(async context =>
            {
                result = await poller.PollAsync(
                    migration,
                    Done,
                    Fetch,
                    m =>
                    {
                        context.UpdateTarget(MigrationRendering.BuildProgress(m, _time.GetUtcNow()));
                        context.Refresh();
                    },
                    cancellationToken);
            });
        return result;
    }

    /// <summary>Follows several migrations until every one has settled; returns them in the order given. <paramref name="quiet"/> as for one.</summary>
    public async Task<IReadOnlyList<Migration>> FollowAllAsync(IReadOnlyList<Migration> migrations, bool quiet, CancellationToken cancellationToken)
    {
        var poller = new WorkflowPoller(_time, ManyInterval, UnreachableLimit);
        static bool Done(IReadOnlyList<Migration> all) => all.All(m => MigrationRendering.IsSettled(m.State));
        if (quiet)
        {
            return await poller.PollAsync(migrations, Done, RefreshAsync, _ => { }, cancellationToken);
        }

        if (!LiveOutput.IsSupported(_console))
        {
            var last = new Dictionary<string, MigrationState>(StringComparer.Ordinal);
            return await poller.PollAsync(
                migrations,
                Done,
                RefreshAsync,
                all =>
                {
                    foreach (var m in all)
                    {
                        if (!last.TryGetValue(m.Id, out var state) || state != m.State)
                        {
                            last[m.Id] = m.State;
                            var why = m.Reason is { Length: > 0 } reason && !MigrationRendering.Succeeded(m.State) ? $": {Markup.Escape(reason)}" : string.Empty;
                            _console.MarkupLine($"{MigrationRendering.Title(m)} {Styles.State(m.State)}{why}");
                        }
                    }
                },
                cancellationToken);
        }

        var result = migrations;
        await _console.Live(BuildLiveTable(migrations))
            .AutoClear(true)
            .StartAsync(async context =>
            {
                result = await poller.PollAsync(
                    migrations,
                    Done,
                    RefreshAsync,
                    all =>
                    {
                        context.UpdateTarget(BuildLiveTable(all));
                        context.Refresh();
                    },
                    cancellationToken);
            });
        return result;
    }

    private Table BuildLiveTable(IReadOnlyList<Migration> migrations)
    {
        var settled = migrations.Count(m => MigrationRendering.IsSettled(m.State));
        return MigrationRendering.BuildTable(migrations, _time.GetUtcNow())
            .Caption($"{settled} of {migrations.Count} settled: {MigrationRendering.Tally(migrations)}");
    }

    // Only migrations still moving are fetched again; settled ones cannot change in a way the watch cares about.
    private async Task<IReadOnlyList<Migration>> RefreshAsync(IReadOnlyList<Migration> current, CancellationToken cancellationToken)
    {
        var next = new Migration[current.Count];
        for (var i = 0; i < current.Count; i++)
        {
            next[i] = MigrationRendering.IsSettled(current[i].State)
                ? current[i]
                : await _client.GetMigrationAsync(current[i].Id, cancellationToken);
        }

        return next;
    }
}
