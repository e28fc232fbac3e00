using Microsoft.Extensions.Time.Testing;

namespace Cellular.Cli.Tests.Infrastructure;

/// <summary>Runs <c>cellctl</c> in-process with captured output, a fake environment and a fixed clock.</summary>
internal sealed class CliHarness
{
    private readonly CapturedConsole _out;
    private readonly CapturedConsole _error = new();

    /// <param name="environment">Environment variables the command sees; without it, only <c>CELLULAR_TOKEN</c> = <see cref="FakeControlPlane.Token"/>.</param>
    /// <param name="terminal">Make stdout an ANSI terminal, so watchers draw live displays instead of lines.</param>
    public CliHarness(IReadOnlyDictionary<string, string>? environment = null, bool terminal = false)
    {
        _out = new CapturedConsole(terminal: terminal);
        Environment = environment ?? new Dictionary<string, string> { ["CELLULAR_TOKEN"] = FakeControlPlane.Token };
        Time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        Context = new CliContext(_out.Console, _error.Console, name => Environment.GetValueOrDefault(name), Time);
    }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public FakeTimeProvider Time { get; }

    public CliContext Context { get; }

    public string Out => _out.Text;

    public string Error => _error.Text;

    public Task<int> RunAsync(params string[] args) => new CellctlApp(Context).RunAsync(args);

    /// <summary>
    /// Runs a command that polls (<c>--wait</c>), moving the fake clock on by <paramref name="step"/>
    /// whenever the command waits, until it ends; fails after <paramref name="maxSteps"/> steps.
    /// </summary>
    public async Task<int> RunAdvancingClockAsync(TimeSpan step, int maxSteps, params string[] args)
    {
        var run = RunAsync(args);
        for (var i = 0; i < maxSteps && !run.IsCompleted; i++)
        {
            // Let the command reach its next delay (an HTTP round trip to the fake) before time moves on.
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromMilliseconds(2)));
            Time.Advance(step);
        }

        Assert.True(run.IsCompleted || await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10))) == run, $"cellctl {string.Join(' ', args)} did not end within {maxSteps} clock steps.");
        return await run;
    }
}
