using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;

namespace Cellular.Cli.Tests.Commands;

public sealed class ConsoleCommandTests : IAsyncLifetime
{
    private const string LinkUrl = "http://127.0.0.1:5081/console/sign-in?code=abc123";
    private readonly TempDirectory _dir = new();
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeControlPlane.StartAsync();
        _fake.RespondJson("POST", "/api/v1/auth/console-links", 201, new ConsoleLink(LinkUrl, Samples.Now.AddSeconds(60)));
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Print_AsksForALinkWithTheKeyAndPrintsOnlyTheLink()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("console", "--print", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Equal(LinkUrl, cli.Out.Trim());
        Assert.Single(_fake.RequestsTo("POST", "/api/v1/auth/console-links"));
        Assert.DoesNotContain(FakeControlPlane.Token, cli.Out, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Open_RunsTheBrowserCommandWithTheLink()
    {
        var seen = Path.Combine(_dir.Path, "seen-url");
        var browser = Path.Combine(_dir.Path, "browser.sh");
        await File.WriteAllTextAsync(browser, $"#!/bin/sh\nprintf '%s' \"$1\" > '{seen}'\n");
        File.SetUnixFileMode(browser, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var cli = new CliHarness(new Dictionary<string, string> { ["CELLULAR_TOKEN"] = FakeControlPlane.Token, ["BROWSER"] = browser });

        var code = await cli.RunAsync("console", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Contains("Opened the console in your browser", cli.Out, StringComparison.Ordinal);
        await Eventually(() => File.Exists(seen) && File.ReadAllText(seen) == LinkUrl);
    }

    [Fact]
    public async Task Open_WithoutDisplayOrBrowser_PrintsTheLinkAndSaysWhy()
    {
        var cli = new CliHarness(new Dictionary<string, string> { ["CELLULAR_TOKEN"] = FakeControlPlane.Token });

        var code = await cli.RunAsync("console", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
        Assert.Contains("Could not open a browser", cli.Error, StringComparison.Ordinal);
        Assert.Contains("works once", cli.Error, StringComparison.Ordinal);
        Assert.Equal(LinkUrl, cli.Out.Trim());
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
