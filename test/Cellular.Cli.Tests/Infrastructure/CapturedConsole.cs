using Spectre.Console;

namespace Cellular.Cli.Tests.Infrastructure;

/// <summary>A Spectre console writing plain text (no colours, no ANSI) to a string, wide enough not to wrap.</summary>
internal sealed class CapturedConsole
{
    private readonly StringWriter _writer = new();

    public CapturedConsole(int width = 200)
    {
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_writer),
        });
        Console.Profile.Width = width;
    }

    public IAnsiConsole Console { get; }

    public string Text => _writer.ToString();
}
