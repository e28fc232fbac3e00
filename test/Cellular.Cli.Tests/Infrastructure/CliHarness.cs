using Microsoft.Extensions.Time.Testing;

namespace Cellular.Cli.Tests.Infrastructure;

/// <summary>Runs <c>cellctl</c> in-process with captured output, a fake environment and a fixed clock.</summary>
internal sealed class CliHarness
{
    private readonly CapturedConsole _out = new();
    private readonly CapturedConsole _error = new();

    public CliHarness(IReadOnlyDictionary<string, string>? environment = null)
    {
        Environment = environment ?? new Dictionary<string, string>();
        Time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        Context = new CliContext(_out.Console, _error.Console, name => Environment.GetValueOrDefault(name), Time);
    }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public FakeTimeProvider Time { get; }

    public CliContext Context { get; }

    public string Out => _out.Text;

    public string Error => _error.Text;

    public Task<int> RunAsync(params string[] args) => new CellctlApp(Context).RunAsync(args);
}
