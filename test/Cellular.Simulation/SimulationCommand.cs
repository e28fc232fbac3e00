using System.CommandLine;
using System.Globalization;

namespace Cellular.Simulation;

/// <summary>
/// The command line: <c>--seeds N [--start S] [--break fencing|epoch]</c> runs N seeds and prints the
/// per-invariant passes, runs/s and, for each failure, the seed and the command that replays it;
/// <c>--seed N [--trace]</c> replays one seed (and prints its event trace). Exit code 0 when every
/// invariant held, 1 on a violation, 2 on bad arguments.
/// </summary>
internal sealed class SimulationCommand
{
    public const int Violated = 1;
    public const int BadArguments = 2;

    private readonly Option<int?> _seeds = new("--seeds") { Description = "How many seeds to run (default 1000).", HelpName = "count" };
    private readonly Option<int> _start = new("--start") { Description = "The first seed of --seeds (default 0).", HelpName = "seed" };
    private readonly Option<int?> _seed = new("--seed") { Description = "Replay one seed, exactly.", HelpName = "seed" };
    private readonly Option<bool> _trace = new("--trace") { Description = "With --seed: print the run's event trace." };
    private readonly Option<BreakMode> _break = new("--break") { Description = "Break the protocol on purpose, to see the checker catch it: none, fencing or epoch.", HelpName = "defect" };

    public SimulationCommand()
    {
        _seeds.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1)
            {
                r.AddError("--seeds must be at least 1.");
            }
        });
        _start.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--start must be 0 or more.");
            }
        });
        _seed.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 0)
            {
                r.AddError("--seed must be 0 or more.");
            }
        });
        Root = new RootCommand("A deterministic simulation of tenant migrations driven by replicated control planes with leases and fencing tokens; checks (a) no acknowledged write lost or duplicated, (b) at most one cell accepts a tenant's writes per epoch, (c) every workflow ends or is owned.")
        {
            _seeds, _start, _seed, _trace, _break,
        };
        Root.Validators.Add(r =>
        {
            var seed = r.GetResult(_seed) is not null;
            if (seed && (r.GetResult(_seeds) is not null || r.GetResult(_start) is not null))
            {
                r.AddError("--seed replays one seed; it cannot be combined with --seeds or --start.");
            }

            if (!seed && r.GetResult(_trace) is not null)
            {
                r.AddError("--trace needs --seed: the trace of one run (e.g. --seed 42 --trace).");
            }

            if (!r.Errors.Any() && r.GetResult(_seeds) is not null && r.GetResult(_start) is not null
                && (long)r.GetValue(_start) + r.GetValue(_seeds).GetValueOrDefault() > int.MaxValue)
            {
                r.AddError("--start plus --seeds must stay below 2147483648.");
            }
        });
    }

    public RootCommand Root { get; }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code.</summary>
    public int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var parsed = Root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                error.WriteLine("error: " + problem.Message);
            }

            error.WriteLine("Run with --help for usage.");
            return BadArguments;
        }

        if (parsed.Tokens.Any(t => t.Value is "--help" or "-h" or "-?" or "--version"))
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
        }

        var settings = new SimulationSettings();
        var breakMode = parsed.GetValue(_break);
        if (parsed.GetValue(_seed) is { } seed)
        {
            return Replay(seed, parsed.GetValue(_trace), settings, breakMode, output);
        }

        var start = parsed.GetValue(_start);
        var count = parsed.GetValue(_seeds) ?? 1000;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Simulating seeds {start}..{(long)start + count - 1} ({count} runs), break: {Describe(breakMode)}"));
        var report = new SimulationRunner(settings, breakMode).Run(start, count, progress: n =>
        {
            if (n % 1000 == 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  … {n} runs"));
            }
        });
        new ReportWriter(output).Write(report, breakMode);
        return report.AllPassed ? 0 : Violated;
    }

    public static string ReplayCommand(int seed, BreakMode breakMode) =>
        string.Create(CultureInfo.InvariantCulture, $"dotnet run --project test/Cellular.Simulation -c Release -- --seed {seed} --trace")
        + (breakMode == BreakMode.None ? string.Empty : " --break " + Describe(breakMode));

    public static string Describe(BreakMode breakMode) => breakMode.ToString().ToLowerInvariant();

    private static int Replay(int seed, bool trace, SimulationSettings settings, BreakMode breakMode, TextWriter output)
    {
        var result = new SimulationRun(settings, breakMode).Run(seed, keepTrace: trace);
        if (trace)
        {
            output.Write(result.Trace);
        }

        new ReportWriter(output).WriteRun(result, breakMode);
        return result.Passed ? 0 : Violated;
    }
}
