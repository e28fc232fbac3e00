using Microsoft.Playwright;

namespace Cellular.EndToEnd.Tests.WebConsole;

/// <summary>
/// Playwright driving Debian's Chromium (<c>/usr/bin/chromium</c>, or <c>CELLULAR_CHROMIUM</c>):
/// headless, with the flags that keep it from reaching for the network, each launch in a fresh
/// profile. One browser per test class; each test gets its own context (its own cookies).
/// </summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    /// <summary>Flags without which Chromium stalls on a machine with a closed network.</summary>
    public static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;

    private ConsoleBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Where Chromium is: <c>CELLULAR_CHROMIUM</c> or Debian's package.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("CELLULAR_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<ConsoleBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            // Playwright gives every launch a new temporary profile (user-data dir) and removes it on close.
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Flags,
                Timeout = 60_000,
            });
            return new ConsoleBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A new page in a context of its own, with bounded default timeouts.</summary>
    public async Task<IPage> NewPageAsync(Uri baseUrl)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = baseUrl.ToString(), ViewportSize = new() { Width = 1440, Height = 900 } });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
