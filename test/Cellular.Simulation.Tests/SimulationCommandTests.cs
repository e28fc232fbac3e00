namespace Cellular.Simulation.Tests;

/// <summary>The command line: reports, replay commands, exit codes and clear errors.</summary>
public sealed class SimulationCommandTests
{
    [Theory]
    [InlineData("--seeds 0", "--seeds must be 1 or more.")]
    [InlineData("--seeds many", "--seeds takes a whole number; got 'many'.")]
    [InlineData("--start -1 --seeds 3", "--start must be 0 or more.")]
    [InlineData("--seed 3 --seeds 5", "--seed replays one seed; it cannot be combined with --seeds or --start.")]
    [InlineData("--trace", "--trace needs --seed")]
    [InlineData("--break nothing", "'nothing'")]
    [InlineData("--protocol paxos", "'paxos'")]
    [InlineData("--start 2147483000 --seeds 1000", "--start plus --seeds must stay at most 2147483647.")]
    [InlineData("--sedes 5", "--sedes")]
    public void Run_BadArguments_ClearErrorAndExitCode2(string args, string expected)
    {
        var (code, output, error) = Run(args);

        Assert.Equal(SimulationCommand.BadArguments, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains("--help", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void Run_FewSeeds_PrintsPassesPerInvariantAndSpeed()
    {
        var (code, output, _) = Run("--seeds 5 --start 10 --protocol fenced-cells");

        Assert.Equal(0, code);
        Assert.Contains("Simulating seeds 10..14 (5 runs), protocol fenced-cells, break none", output, StringComparison.Ordinal);
        Assert.Contains("(a) no acknowledged write lost or duplicated", output, StringComparison.Ordinal);
        Assert.Contains("(b) at most one cell accepts a tenant's writes per epoch", output, StringComparison.Ordinal);
        Assert.Contains("(c) every workflow ends or is owned by a live lease holder", output, StringComparison.Ordinal);
        Assert.Contains("5/5 runs hold", output, StringComparison.Ordinal);
        Assert.Contains("runs/s", output, StringComparison.Ordinal);
        Assert.Contains("All invariants held.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BrokenEpoch_PrintsSeedReplayCommandAndExits1()
    {
        var (code, output, _) = Run("--seeds 20 --break epoch");

        Assert.Equal(SimulationCommand.Violated, code);
        Assert.Contains("FAILED:", output, StringComparison.Ordinal);
        Assert.Contains("VIOLATED", output, StringComparison.Ordinal);
        Assert.Contains("replay: dotnet run --project test/Cellular.Simulation -c Release -- --seed ", output, StringComparison.Ordinal);
        Assert.Contains("--trace --break epoch", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SeedWithTrace_PrintsTraceThenVerdict()
    {
        var (code, output, _) = Run($"--seed {KnownSeeds.StaleRollback} --trace --break purge-epoch");

        Assert.Equal(SimulationCommand.Violated, code);
        Assert.StartsWith($"000000  seed {KnownSeeds.StaleRollback}:", output, StringComparison.Ordinal);
        Assert.Contains("VIOLATION (a) no acknowledged write lost or duplicated", output, StringComparison.Ordinal);
        Assert.Contains($"replay: dotnet run --project test/Cellular.Simulation -c Release -- --seed {KnownSeeds.StaleRollback} --trace --break purge-epoch", output, StringComparison.Ordinal);
    }

    private static (int Code, string Output, string Error) Run(string args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = new SimulationCommand().Run(args.Split(' ', StringSplitOptions.RemoveEmptyEntries), output, error);
        return (code, output.ToString(), error.ToString());
    }
}
