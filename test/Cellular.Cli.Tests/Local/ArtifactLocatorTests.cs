using Cellular.Cli.Local;
using Cellular.Cli.Tests.Infrastructure;

namespace Cellular.Cli.Tests.Local;

public sealed class ArtifactLocatorTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Locate_ArtifactsLayoutNextToCellctl_FindsAllThree()
    {
        var cellctl = _root.Combine("bin", "Cellular.Cli", "debug");
        Directory.CreateDirectory(cellctl);
        var controlPlane = _root.CreateFile("bin", "Cellular.ControlPlane", "debug", "Cellular.ControlPlane.dll");
        var router = _root.CreateFile("bin", "Cellular.Router", "debug", "Cellular.Router.dll");
        var notes = _root.CreateFile("bin", "Notes", "debug", "Notes.dll");

        var artifacts = Locator(cellctl).Locate();

        Assert.Equal(controlPlane, artifacts.ControlPlane);
        Assert.Equal(router, artifacts.Router);
        Assert.Equal(notes, artifacts.CellApp);
    }

    [Fact]
    public void Locate_OwnConfigurationAndOther_PrefersOwn()
    {
        var cellctl = _root.Combine("bin", "Cellular.Cli", "release") + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(cellctl);
        _root.CreateFile("bin", "Cellular.ControlPlane", "debug", "Cellular.ControlPlane.dll");
        var release = _root.CreateFile("bin", "Cellular.ControlPlane", "release", "Cellular.ControlPlane.dll");
        _root.CreateFile("bin", "Cellular.Router", "debug", "Cellular.Router.dll");
        _root.CreateFile("bin", "Notes", "debug", "Notes.dll");

        var artifacts = Locator(cellctl).Locate();

        Assert.Equal(release, artifacts.ControlPlane);
    }

    [Fact]
    public void Locate_BinDirectoryVariable_OverridesLayout()
    {
        var cellctl = _root.Combine("somewhere", "else");
        Directory.CreateDirectory(cellctl);
        var controlPlane = _root.CreateFile("custom", "Cellular.ControlPlane", "release", "Cellular.ControlPlane.dll");
        _root.CreateFile("custom", "Cellular.Router", "release", "Cellular.Router.dll");
        _root.CreateFile("custom", "Notes", "release", "Notes.dll");

        var artifacts = Locator(cellctl, new() { ["CELLULAR_BIN_DIR"] = _root.Combine("custom") }).Locate();

        Assert.Equal(controlPlane, artifacts.ControlPlane);
    }

    [Fact]
    public void Locate_NothingBuilt_ThrowsListingSearchedPaths()
    {
        var cellctl = _root.Combine("bin", "Cellular.Cli", "debug");
        Directory.CreateDirectory(cellctl);
        _root.CreateFile("bin", "Cellular.Router", "debug", "Cellular.Router.dll");

        var ex = Assert.Throws<ArtifactNotFoundException>(() => Locator(cellctl).Locate());

        Assert.Equal(["Cellular.ControlPlane.dll", "Notes.dll"], ex.Missing);
        Assert.Contains(_root.Combine("bin", "Cellular.ControlPlane", "debug", "Cellular.ControlPlane.dll"), ex.SearchedPaths);
        Assert.Contains(_root.Combine("bin", "Notes", "release", "Notes.dll"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("CELLULAR_BIN_DIR", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveDotnet_HostPathVariable_Wins()
    {
        var locator = new ArtifactLocator(_root.Path, name => name == "DOTNET_HOST_PATH" ? "/opt/dotnet/dotnet" : null, "/usr/bin/dotnet");

        Assert.Equal("/opt/dotnet/dotnet", locator.ResolveDotnet());
    }

    [Fact]
    public void ResolveDotnet_RunningUnderDotnet_UsesProcessPath()
    {
        var locator = new ArtifactLocator(_root.Path, _ => null, "/usr/share/dotnet/dotnet");

        Assert.Equal("/usr/share/dotnet/dotnet", locator.ResolveDotnet());
    }

    [Fact]
    public void ResolveDotnet_RunningAsAppHost_FallsBackToPath()
    {
        var locator = new ArtifactLocator(_root.Path, _ => null, "/work/artifacts/bin/Cellular.Cli/debug/cellctl");

        Assert.Equal("dotnet", locator.ResolveDotnet());
    }

    [Fact]
    public void FindCommandTemplate_RepositoryLayout_FindsTheShippedNotesTemplate()
    {
        var cellctl = _root.Combine("repo", "artifacts", "bin", "Cellular.Cli", "debug");
        Directory.CreateDirectory(cellctl);
        var template = _root.CreateFile("repo", "deploy", "command", "notes", "cellular.template.json");

        Assert.Equal(template, Locator(cellctl).FindCommandTemplate());
    }

    [Fact]
    public void FindCommandTemplate_NotThere_IsNull()
    {
        var cellctl = _root.Combine("repo", "artifacts", "bin", "Cellular.Cli", "debug");
        Directory.CreateDirectory(cellctl);

        Assert.Null(Locator(cellctl).FindCommandTemplate());
    }

    private static ArtifactLocator Locator(string baseDirectory, Dictionary<string, string>? environment = null) =>
        new(baseDirectory, name => environment?.GetValueOrDefault(name), "/usr/bin/dotnet");
}
