using Microsoft.Playwright;

namespace Cellular.EndToEnd.Tests.WebConsole;

/// <summary>Full-page screenshots of the console's views, kept in <c>artifacts/console-screenshots/</c> of the repository.</summary>
public static class ConsoleScreenshots
{
    private static readonly Lazy<string> OutputDirectory = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Cellular.slnx")))
        {
            dir = dir.Parent;
        }

        var root = dir?.FullName ?? Path.GetTempPath();
        var path = Path.Combine(root, "artifacts", "console-screenshots");
        Directory.CreateDirectory(path);
        return path;
    });

    /// <summary>The folder the screenshots go to.</summary>
    public static string Folder => OutputDirectory.Value;

    /// <summary>Saves <paramref name="page"/> as <c>{view}.png</c>.</summary>
    public static async Task SaveAsync(IPage page, string view) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(OutputDirectory.Value, $"{view}.png"), FullPage = true });
}
