using Spectre.Console;

namespace Cellular.Cli;

/// <summary>
/// What commands write to and read from the outside world, so tests can run them against
/// string writers, a fake environment and a fixed clock.
/// </summary>
/// <param name="Out">Tables and messages (stdout).</param>
/// <param name="Error">Errors and warnings (stderr).</param>
/// <param name="GetEnvironmentVariable">Reads an environment variable (e.g. <c>CELLULAR_API</c>).</param>
/// <param name="TimeProvider">The clock, for "5 s ago".</param>
internal sealed record CliContext(IAnsiConsole Out, IAnsiConsole Error, Func<string, string?> GetEnvironmentVariable, TimeProvider TimeProvider)
{
    /// <summary>The process's console, environment and clock.</summary>
    public static CliContext ForProcess() =>
        new(
            CreateConsole(Console.Out, Console.IsOutputRedirected),
            CreateConsole(Console.Error, Console.IsErrorRedirected),
            Environment.GetEnvironmentVariable,
            TimeProvider.System);

    /// <summary>Plain stdout, for output scripts parse (JSON, the "ready" line): never wrapped or styled.</summary>
    public TextWriter RawOut => Out.Profile.Out.Writer;

    private static IAnsiConsole CreateConsole(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            // Spectre assumes 80 columns without a terminal; log files and pipes read better unwrapped.
            console.Profile.Width = 240;
        }

        return console;
    }
}
