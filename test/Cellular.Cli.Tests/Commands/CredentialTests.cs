using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;

namespace Cellular.Cli.Tests.Commands;

/// <summary>Which key cellctl sends (--token, $CELLULAR_TOKEN, {data-dir}/admin-token) and how a refusal reads.</summary>
public sealed class CredentialTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeControlPlane.StartAsync();
        _fake.RespondJson("GET", "/api/v1/cells", 200, new List<CellView>());
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Token_Option_WinsOverEnvironmentAndFile()
    {
        WriteAdminToken(_directory.Path, "from-file");
        var cli = new CliHarness(new Dictionary<string, string> { ["CELLULAR_TOKEN"] = "from-env" });

        await cli.RunAsync("cells", "list", "--api", _fake.Url.ToString(), "--data-dir", _directory.Path, "--token", FakeControlPlane.Token);

        Assert.Equal("Bearer " + FakeControlPlane.Token, Assert.Single(_fake.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task Token_Environment_WinsOverFile()
    {
        WriteAdminToken(_directory.Path, "from-file");
        var cli = new CliHarness(new Dictionary<string, string> { ["CELLULAR_TOKEN"] = FakeControlPlane.Token });

        var code = await cli.RunAsync("cells", "list", "--api", _fake.Url.ToString(), "--data-dir", _directory.Path);

        Assert.Equal(0, code);
        Assert.Equal("Bearer " + FakeControlPlane.Token, Assert.Single(_fake.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task Token_NoOptionNoEnvironment_ReadsAdminTokenOfTheDataDirectory()
    {
        WriteAdminToken(_directory.Path, FakeControlPlane.Token + "\n");
        var cli = new CliHarness(new Dictionary<string, string>());

        var code = await cli.RunAsync("cells", "list", "--api", _fake.Url.ToString(), "--data-dir", _directory.Path);

        Assert.Equal(0, code);
        Assert.Equal("Bearer " + FakeControlPlane.Token, Assert.Single(_fake.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task Token_DataDirectoryAfterTheSubcommandOrBefore_BothWork()
    {
        WriteAdminToken(_directory.Path, FakeControlPlane.Token);
        var cli = new CliHarness(new Dictionary<string, string>());

        var code = await cli.RunAsync("--data-dir", _directory.Path, "cells", "list", "--api", _fake.Url.ToString());

        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Refused_NoKeyAnywhere_SaysWhereItLookedAndHowToGiveOne()
    {
        var cli = new CliHarness(new Dictionary<string, string>());

        var code = await cli.RunAsync("cells", "list", "--api", _fake.Url.ToString(), "--data-dir", _directory.Path);

        Assert.Equal(1, code);
        Assert.False(Assert.Single(_fake.Requests).Headers.ContainsKey("Authorization"));
        var error = Flat(cli.Error);
        Assert.Contains("the control plane wants a key and got no key", error, StringComparison.Ordinal);
        Assert.Contains("admin-token does not exist", error, StringComparison.Ordinal);
        Assert.Contains("pass --token or set CELLULAR_TOKEN", error, StringComparison.Ordinal);
        Assert.Contains("HTTP 401", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_UnknownKey_SaysTheControlPlaneRefusedItAndWhy()
    {
        var cli = new CliHarness(new Dictionary<string, string> { ["CELLULAR_TOKEN"] = "cel_nope_nope" });

        var code = await cli.RunAsync("cells", "list", "--api", _fake.Url.ToString());

        Assert.Equal(1, code);
        var error = Flat(cli.Error);
        Assert.Contains("the control plane refused the key from $CELLULAR_TOKEN", error, StringComparison.Ordinal);
        Assert.Contains("The key is unknown, revoked or expired.", error, StringComparison.Ordinal);
        Assert.Contains("pass --token or set CELLULAR_TOKEN", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_ReadOnlyKeyChangesSomething_SaysTheRoleMayNot()
    {
        _fake.AddKey("cel_ro", "ci", ApiRole.ReadOnly);
        _fake.RespondJson("POST", "/api/v1/cells/c1/drain", 200, Samples.Cell("c1"));
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", "drain", "c1", "--api", _fake.Url.ToString(), "--token", "cel_ro");

        Assert.Equal(1, code);
        var error = Flat(cli.Error);
        Assert.Contains("the control plane refused the key from --token", error, StringComparison.Ordinal);
        Assert.Contains("HTTP 403", error, StringComparison.Ordinal);
        Assert.Contains("Key 'ci' has role ReadOnly", error, StringComparison.Ordinal);
        Assert.Contains("cellctl auth whoami", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_EmptyOption_Rejected()
    {
        var cli = new CliHarness();

        var code = await cli.RunAsync("cells", "list", "--api", _fake.Url.ToString(), "--token", " ");

        Assert.Equal(1, code);
        Assert.Contains("--token is empty", cli.Error, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    private static void WriteAdminToken(string directory, string token) =>
        File.WriteAllText(Path.Combine(directory, "admin-token"), token);

    /// <summary>The error text with its wrapping undone.</summary>
    private static string Flat(string text) => string.Join(' ', text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()));
}
