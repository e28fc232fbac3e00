using Spectre.Console;

namespace Cellular.Cli.Tests.Infrastructure;

/// <summary>
/// A Spectre console writing plain text (no colours, no ANSI) to a string, wide enough not to wrap;
/// or, with <c>terminal</c>, one that claims to be an ANSI terminal, for live displays.
/// </summary>
internal sealed class CapturedConsole
{
    private readonly StringWriter _writer = new();

    public CapturedConsole(int width = 200, bool terminal = false)
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(_writer),
        });
        Console.Profile.Width = width;
    }

    public IAnsiConsole Console { get; }

    public string Text => _writer.ToString();
}
