using System.Diagnostics;
using Cellular.Core.Api;

namespace Cellular.Simulation;

/// <summary>Runs a range of seeds one after another and sums up what they gave.</summary>
internal sealed class SimulationRunner(SimulationSettings settings, BreakMode breakMode, ProtocolVariant protocol)
{
    /// <summary>The most failing runs a report keeps (all are counted).</summary>
    public const int KeptFailures = 10;

    /// <summary>Runs seeds <paramref name="start"/> .. <paramref name="start"/>+<paramref name="count"/>-1; stops at the first failure when asked.</summary>
    public SimulationReport Run(int start, int count, bool stopAtFirstFailure = false, Action<int>? progress = null)
    {
        var run = new SimulationRun(settings, breakMode, protocol);
        var passed = InvariantNames.Checked.Append(Invariant.Model).ToDictionary(i => i, _ => 0);
        var failures = new List<RunResult>();
        var migrations = new Dictionary<MigrationState, long>();
        long events = 0, writes = 0;
        var failed = 0;
        var runs = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var result = run.Run(start + i, keepTrace: false);
            runs++;
            events += result.Events;
            writes += result.WritesAcknowledged;
            foreach (var (state, n) in result.Migrations)
            {
                migrations[state] = migrations.GetValueOrDefault(state) + n;
            }

            foreach (var invariant in passed.Keys)
            {
                if (result.Holds(invariant))
                {
                    passed[invariant]++;
                }
            }

            if (!result.Passed)
            {
                failed++;
                if (failures.Count < KeptFailures)
                {
                    failures.Add(result);
                }

                if (stopAtFirstFailure)
                {
                    break;
                }
            }

            progress?.Invoke(runs);
        }

        return new SimulationReport(start, runs, passed, failures, failed, clock.Elapsed, events, writes, migrations);
    }
}
