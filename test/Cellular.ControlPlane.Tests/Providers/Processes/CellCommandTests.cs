using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Providers.Processes;
using Cellular.Core.Model;
using Cellular.Testing;

namespace Cellular.ControlPlane.Tests.Providers.Processes;

public sealed class CellCommandTests
{
    private static readonly Cell Cell = new("c7", "local", "local-a", CellStage.Prod, 10, "http://127.0.0.1:5107", CellState.Provisioning, "process", new Dictionary<string, string>(), "2.1.0");

    [Fact]
    public void Resolve_Dll_RunsWithDotnetHost()
    {
        using var dir = new TempDirectory();
        var dll = dir.Combine("Cell.dll");
        File.WriteAllText(dll, string.Empty);

        var command = CellCommand.Resolve(dll, dir.Path, () => "/opt/dotnet/dotnet");

        Assert.Equal("/opt/dotnet/dotnet", command.FileName);
        Assert.Equal([dll], command.Arguments);
    }

    [Fact]
    public void Resolve_Executable_RunsItDirectly()
    {
        var command = CellCommand.Resolve("/usr/local/bin/my-cell", "/unused", () => "dotnet");

        Assert.Equal(("/usr/local/bin/my-cell", 0), (command.FileName, command.Arguments.Count));
    }

    [Fact]
    public void Resolve_NotConfigured_FindsNotesInArtifactsLayout()
    {
        using var artifacts = new TempDirectory();
        var baseDirectory = artifacts.Combine("bin", "Cellular.ControlPlane", "release") + Path.DirectorySeparatorChar;
        var notes = artifacts.Combine("bin", "Notes", "release", "Notes.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(notes)!);
        File.WriteAllText(notes, string.Empty);

        var command = CellCommand.Resolve(null, baseDirectory, () => "dotnet");

        Assert.Equal(["dotnet", notes], command.Arguments.Prepend(command.FileName));
    }

    [Fact]
    public void Resolve_NotConfiguredAndNoNotes_ThrowsSayingHowToConfigure()
    {
        using var empty = new TempDirectory();

        var e = Assert.Throws<ControlPlaneException>(() => CellCommand.Resolve(null, empty.Combine("bin", "Cellular.ControlPlane", "debug"), () => "dotnet"));

        Assert.Equal(ProblemKind.Misconfigured, e.Kind);
        Assert.Contains("Cellular:Process:CellCommand", e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("bin", "Notes", "debug", "Notes.dll"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_DllCommand_FollowTheContract()
    {
        var command = new CellCommand("/usr/bin/dotnet", ["/app/Notes.dll"]);

        var arguments = CellCommandLine.Arguments(command, Cell, "/data/cells/c7");

        Assert.Equal(
            ["/app/Notes.dll", "--urls", "http://127.0.0.1:5107", "--Cellular:Cell:Id=c7", "--Cellular:Cell:Version=2.1.0", "--Cellular:Cell:DataDir=/data/cells/c7"],
            arguments);
    }

    [Fact]
    public void Arguments_CellWithConfig_PassesEachEntryBeforeTheContractArguments()
    {
        var command = new CellCommand("/opt/releases/4/cell", []);
        var cell = Cell with { Version = "4.0.0", Artifact = "/opt/releases/4/cell", Config = new Dictionary<string, string> { ["Feature:B"] = "two words", ["Feature:A"] = "x=y" } };

        var arguments = CellCommandLine.Arguments(command, cell, "/data/cells/c7");

        Assert.Equal(
            ["--Feature:A=x=y", "--Feature:B=two words", "--urls", "http://127.0.0.1:5107", "--Cellular:Cell:Id=c7", "--Cellular:Cell:Version=4.0.0", "--Cellular:Cell:DataDir=/data/cells/c7"],
            arguments);
    }

    [Fact]
    public void Arguments_Release_RunsItsVersionOnTheGivenEndpoint()
    {
        var release = new Cellular.Core.Api.CellRelease("5.0.0", null, new Dictionary<string, string> { ["Cellular:Cell:Id"] = "spoofed" });

        var arguments = CellCommandLine.Arguments(new CellCommand("cell", []), "c7", "http://127.0.0.1:5200", release, "/d");

        Assert.Equal(["--Cellular:Cell:Id=spoofed", "--urls", "http://127.0.0.1:5200", "--Cellular:Cell:Id=c7", "--Cellular:Cell:Version=5.0.0", "--Cellular:Cell:DataDir=/d"], arguments);
    }

    [Fact]
    public void Arguments_CellWithoutEndpoint_Throws()
    {
        Assert.Throws<ArgumentException>(() => CellCommandLine.Arguments(new CellCommand("cell", []), Cell with { Endpoint = null }, "/d"));
    }
}
