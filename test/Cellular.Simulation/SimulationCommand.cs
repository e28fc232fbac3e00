using System.CommandLine;
using System.Globalization;

namespace Cellular.Simulation;

/// <summary>
/// The command line: <c>--seeds N [--start S]</c> runs N seeds and prints the per-invariant passes,
/// runs/s and, for each failure, the seed and the command that replays it; <c>--seed N [--trace]</c>
/// replays one seed (and prints its event trace). <c>--protocol as-built|fenced-cells</c> chooses the
/// protocol, <c>--break fencing|epoch</c> breaks it on purpose. Exit code 0 when every invariant held,
/// 1 on a violation, 2 on bad arguments.
/// </summary>
internal sealed class SimulationCommand
{
    public const int Violated = 1;
    public const int BadArguments = 2;
    public const int DefaultSeeds = 1000;

    private readonly Option<int?> _seeds = new("--seeds") { Description = $"How many seeds to run (default {DefaultSeeds}).", HelpName = "count" };
    private readonly Option<int?> _start = new("--start") { Description = "The first seed of --seeds (default 0).", HelpName = "seed" };
    private readonly Option<int?> _seed = new("--seed") { Description = "Replay one seed, exactly.", HelpName = "seed" };
    private readonly Option<bool> _trace = new("--trace") { Description = "With --seed: print the run's event trace." };
    private readonly Option<string> _protocol = new("--protocol") { Description = "as-built (default): the protocol as built; fenced-cells: cell calls carry the move's epoch and lease token.", HelpName = "protocol" };
    private readonly Option<string> _break = new("--break") { Description = "Break the protocol on purpose, to see the checker catch it: fencing (store writes skip the lease check), epoch (a move keeps the epoch) or purge-epoch (a forced purge skips its epoch check).", HelpName = "defect" };

    public SimulationCommand()
    {
        _protocol.AcceptOnlyFromAmong([.. SimulationProfile.Protocols.Keys]);
        _break.AcceptOnlyFromAmong([.. SimulationProfile.Breaks.Keys]);
        AtLeast(_seeds, 1);
        AtLeast(_start, 0);
        AtLeast(_seed, 0);
        Root = new RootCommand("A deterministic simulation of tenant migrations driven by replicated control planes with leases and fencing tokens; checks (a) no acknowledged write lost or duplicated, (b) at most one cell accepts a tenant's writes per epoch, (c) every workflow ends or is owned.")
        {
            _seeds, _start, _seed, _trace, _protocol, _break,
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

            if (r.GetResult(_seeds)?.Tokens is [var count] && r.GetResult(_start)?.Tokens is [var first]
                && long.TryParse(count.Value, CultureInfo.InvariantCulture, out var n) && long.TryParse(first.Value, CultureInfo.InvariantCulture, out var s)
                && s + n > int.MaxValue)
            {
                r.AddError($"--start plus --seeds must stay at most {int.MaxValue}.");
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
        var profile = new SimulationProfile(
            SimulationProfile.Protocols[parsed.GetValue(_protocol) ?? "as-built"],
            SimulationProfile.Breaks[parsed.GetValue(_break) ?? "none"]);
        var writer = new ReportWriter(output);
        if (parsed.GetValue(_seed) is { } seed)
        {
            var trace = parsed.GetValue(_trace);
            var result = new SimulationRun(settings, profile.Break, profile.Protocol).Run(seed, keepTrace: trace);
            if (trace)
            {
                output.Write(result.Trace);
            }

            writer.WriteRun(result, profile);
            return result.Passed ? 0 : Violated;
        }

        var start = parsed.GetValue(_start) ?? 0;
        var seeds = parsed.GetValue(_seeds) ?? DefaultSeeds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Simulating seeds {start}..{(long)start + seeds - 1} ({seeds} runs), {profile}"));
        var report = new SimulationRunner(settings, profile.Break, profile.Protocol).Run(start, seeds, progress: n =>
        {
            if (n % 1000 == 0 && n < seeds)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  … {n} runs"));
            }
        });
        writer.Write(report, profile);
        return report.AllPassed ? 0 : Violated;
    }

    /// <summary>Parses a whole number of at least <paramref name="minimum"/>, with an error that says so.</summary>
    private static void AtLeast(Option<int?> option, int minimum) => option.CustomParser = r =>
    {
        var text = r.Tokens is [var token] ? token.Value : string.Empty;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            r.AddError($"{option.Name} takes a whole number; got '{text}'.");
            return null;
        }

        if (value < minimum)
        {
            r.AddError($"{option.Name} must be {minimum} or more.");
            return null;
        }

        return value;
    };
}
