using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Providers.Processes;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Testing;
using static Cellular.ControlPlane.Tests.Providers.Processes.NotesDeployHarness;

namespace Cellular.ControlPlane.Tests.Providers.Processes;

/// <summary>
/// Blue/green deployment of process cells with the real Notes sample: the new release starts
/// beside the old process on another port with the same data directory, and the old one stops
/// once the cell's endpoint is switched.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProcessCellProviderDeployTests : IDisposable
{
    private readonly TempDirectory _root = new("cp-deploy");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task StageAsync_NewRelease_ServesBesideTheOldOnTheSameDataAndTakesOverAfterTheSwitch()
    {
        await using var harness = new NotesDeployHarness(_root.Path);
        var cell = await harness.CreateCellAsync("p1");
        var blueEndpoint = cell.Endpoint!;
        using var blue = harness.Client("p1", blueEndpoint);
        await WriteNoteAsync(blue, "t1", "written by 1.0.0");
        var provider = harness.Provider;
        var release = new CellRelease("2.0.0", NotesCell.NotesDll, new Dictionary<string, string> { ["Notes:Colour"] = "green 'quoted' value" });

        var greenEndpoint = await provider.StageAsync(cell, release, [blueEndpoint], CancellationToken.None);

        Assert.NotEqual(new Uri(blueEndpoint).Port, new Uri(greenEndpoint).Port);
        using var green = harness.Client("p1", greenEndpoint);
        var blueInfo = await InfoAsync(blue);
        var greenInfo = await InfoAsync(green);
        Assert.Equal(("p1", "1.0.0"), (blueInfo.Cell, blueInfo.Version));
        Assert.Equal(("p1", "2.0.0"), (greenInfo.Cell, greenInfo.Version));
        Assert.NotEqual(blueInfo.ProcessId, greenInfo.ProcessId);
        Assert.Equal(blueInfo.ProcessId, provider.Processes["p1"].ProcessId);

        // One data directory, two processes: each sees what the other wrote.
        Assert.Equal(["written by 1.0.0"], await NoteTextsAsync(green, "t1"));
        await WriteNoteAsync(green, "t1", "written by 2.0.0");
        await WriteNoteAsync(blue, "t1", "written by 1.0.0 again");
        Assert.Equal(["written by 1.0.0", "written by 1.0.0 again", "written by 2.0.0"], await NoteTextsAsync(green, "t1"));

        var arguments = CommandLine(greenInfo.ProcessId);
        Assert.Contains("--Notes:Colour=green 'quoted' value", arguments);
        Assert.Contains("--Cellular:Cell:Version=2.0.0", arguments);
        Assert.Contains($"--Cellular:Cell:DataDir={harness.DataDirectory("p1")}", arguments);
        Assert.Contains($"--Cellular:Cell:DataDir={harness.DataDirectory("p1")}", CommandLine(blueInfo.ProcessId));

        var switched = await harness.SwitchAsync("p1", release, greenEndpoint);
        await provider.StopWorkloadAsync(switched, blueEndpoint, CancellationToken.None);

        Assert.True(await ExitedAsync(blueInfo.ProcessId), $"the old process {blueInfo.ProcessId} still runs");
        Assert.Equal((greenInfo.ProcessId, greenEndpoint), (provider.Processes["p1"].ProcessId, provider.Processes["p1"].Endpoint));
        await provider.VerifyAsync(switched, CancellationToken.None);
        Assert.Equal(3, (await NoteTextsAsync(green, "t1")).Count);

        // The cell's process is the new one now: retiring the cell stops it.
        await provider.StopAsync(switched, CancellationToken.None);
        Assert.True(await ExitedAsync(greenInfo.ProcessId), $"the new process {greenInfo.ProcessId} still runs after the cell was stopped");
    }

    [Fact]
    public async Task StopWorkloadAsync_RequestInFlightOnTheOldProcess_FinishesBeforeItExits()
    {
        await using var harness = new NotesDeployHarness(_root.Path);
        var provider = harness.Provider;
        var original = await harness.CreateCellAsync("p1");

        // First deploy a release that logs each request as it starts, so the test sees it arrive.
        var logging = new CellRelease("1.1.0", null, new Dictionary<string, string> { ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information" });
        var blueEndpoint = await provider.StageAsync(original, logging, [original.Endpoint!], CancellationToken.None);
        var blueCell = await harness.SwitchAsync("p1", logging, blueEndpoint);
        await provider.StopWorkloadAsync(blueCell, original.Endpoint!, CancellationToken.None);
        using var blue = harness.Client("p1", blueEndpoint);
        var bluePid = (await InfoAsync(blue)).ProcessId;

        var release = new CellRelease("2.0.0", null, new Dictionary<string, string>());
        var greenEndpoint = await provider.StageAsync(blueCell, release, [blueEndpoint], CancellationToken.None);
        using var fault = await blue.PostAsJsonAsync("/_cell/faults", new { kind = "latency", durationSeconds = 60, latencyMs = 2000 });
        Assert.Equal(HttpStatusCode.Created, fault.StatusCode);
        var inFlight = PostNoteAsync(blue, "t2", "sent to 1.1.0 while it stops");
        var log = Path.Combine(harness.DataDirectory("p1"), CellLog.FileName);
        await Eventually.TrueAsync(
            async () => (await ReadSharedAsync(log)).Contains($"Request starting HTTP/1.1 POST {blueEndpoint}/notes", StringComparison.Ordinal),
            "the old process to start handling the request");

        var greenCell = await harness.SwitchAsync("p1", release, greenEndpoint);
        var stopping = Stopwatch.StartNew();
        await provider.StopWorkloadAsync(greenCell, blueEndpoint, CancellationToken.None);
        stopping.Stop();

        using var answer = await inFlight;
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        Assert.False(IsRunning(bluePid), $"the old process {bluePid} still runs");
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stopping.Elapsed}: the old process was killed, not stopped");
        using var green = harness.Client("p1", greenEndpoint);
        Assert.Equal(["sent to 1.1.0 while it stops"], await NoteTextsAsync(green, "t2"));
        Assert.Equal("2.0.0", (await InfoAsync(green)).Version);
    }

    [Fact]
    public async Task StageAsync_ReleaseNeverHealthy_ThrowsWithinStartTimeoutAndLeavesTheOldProcessServing()
    {
        await using var harness = new NotesDeployHarness(_root.Path);
        var cell = await harness.CreateCellAsync("p1");
        using var blue = harness.Client("p1", cell.Endpoint!);
        var bluePid = (await InfoAsync(blue)).ProcessId;
        var pidFile = _root.Combine("hang.pid");
        var script = Script("hangs.sh", $"echo $$ > '{pidFile}'\necho 'still warming up'\nexec sleep 600");
        var provider = harness.NewProvider(o => o.StartTimeout = TimeSpan.FromSeconds(2));
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<CellStartException>(() =>
            provider.StageAsync(cell, new CellRelease("9.9.9", script, new Dictionary<string, string>()), [cell.Endpoint!], CancellationToken.None));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"staging gave up after {clock.Elapsed}");
        Assert.Contains("release 9.9.9", e.Message, StringComparison.Ordinal);
        Assert.Contains("within 2 s", e.Message, StringComparison.Ordinal);
        Assert.Contains("still warming up", e.Message, StringComparison.Ordinal);
        Assert.True(await ExitedAsync(int.Parse(await File.ReadAllTextAsync(pidFile), CultureInfo.InvariantCulture)), "the staged process still runs");
        Assert.Empty(provider.Processes);
        Assert.Equal(HttpStatusCode.OK, await HealthAsync(blue));
        Assert.Equal((bluePid, "1.0.0"), ((await InfoAsync(blue)).ProcessId, (await InfoAsync(blue)).Version));
        Assert.Equal(bluePid, harness.Provider.Processes["p1"].ProcessId);
    }

    [Fact]
    public async Task StageAsync_ProgramMissing_ThrowsBeforeStartingAnything()
    {
        await using var harness = new NotesDeployHarness(_root.Path);
        var cell = await harness.CreateCellAsync("p1");
        var missing = _root.Combine("no-such-release", "Notes.dll");

        var e = await Assert.ThrowsAsync<CellStartException>(() =>
            harness.Provider.StageAsync(cell, new CellRelease("2.0.0", missing, new Dictionary<string, string>()), [cell.Endpoint!], CancellationToken.None));

        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopWorkloadAsync_EndpointOfAnotherCellOrOfNothing_IsANoOp()
    {
        await using var harness = new NotesDeployHarness(_root.Path);
        var p1 = await harness.CreateCellAsync("p1");
        var p2 = await harness.CreateCellAsync("p2");
        using var p2Client = harness.Client("p2", p2.Endpoint!);
        var p2Pid = (await InfoAsync(p2Client)).ProcessId;
        var p1Pid = harness.Provider.Processes["p1"].ProcessId;
        var nothing = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}");

        await harness.Provider.StopWorkloadAsync(p1, p2.Endpoint!, CancellationToken.None);
        await harness.Provider.StopWorkloadAsync(p1, nothing, CancellationToken.None);

        Assert.Equal(p2Pid, (await InfoAsync(p2Client)).ProcessId);
        Assert.Equal((p1Pid, p2Pid), (harness.Provider.Processes["p1"].ProcessId, harness.Provider.Processes["p2"].ProcessId));
        Assert.True(IsRunning(p1Pid));
    }

    [Fact]
    public async Task StageAsync_TwoCellsAtOnce_GetPortsOfTheirOwn()
    {
        await using var harness = new NotesDeployHarness(_root.Path);
        var p1 = await harness.CreateCellAsync("p1");
        var p2 = await harness.CreateCellAsync("p2");
        var release = new CellRelease("2.0.0", null, new Dictionary<string, string>());
        string[] inUse = [p1.Endpoint!, p2.Endpoint!];

        var staged = await Task.WhenAll(
            harness.Provider.StageAsync(p1, release, inUse, CancellationToken.None),
            harness.Provider.StageAsync(p2, release, inUse, CancellationToken.None));

        Assert.Equal(4, staged.Concat(inUse).Select(e => new Uri(e).Port).Distinct().Count());
        using var first = harness.Client("p1", staged[0]);
        using var second = harness.Client("p2", staged[1]);
        Assert.Equal(("p1", "2.0.0"), ((await InfoAsync(first)).Cell, (await InfoAsync(first)).Version));
        Assert.Equal(("p2", "2.0.0"), ((await InfoAsync(second)).Cell, (await InfoAsync(second)).Version));
    }

    [Fact]
    public async Task StopWorkloadAsync_AfterControlPlaneRestart_StopsTheOldProcessNamedByItsInfo()
    {
        string blueEndpoint;
        string greenEndpoint;
        int bluePid;
        int greenPid;
        await using (var first = new NotesDeployHarness(_root.Path, stopCellsOnShutdown: false))
        {
            var cell = await first.CreateCellAsync("p1");
            blueEndpoint = cell.Endpoint!;
            var release = new CellRelease("2.0.0", null, new Dictionary<string, string>());
            greenEndpoint = await first.Provider.StageAsync(cell, release, [blueEndpoint], CancellationToken.None);
            await first.SwitchAsync("p1", release, greenEndpoint);
            using var blue = first.Client("p1", blueEndpoint);
            using var green = first.Client("p1", greenEndpoint);
            (bluePid, greenPid) = ((await InfoAsync(blue)).ProcessId, (await InfoAsync(green)).ProcessId);
        }

        Assert.True(IsRunning(bluePid) && IsRunning(greenPid), "both processes should outlive the control plane");
        await using (var second = new NotesDeployHarness(_root.Path))
        {
            var cell = await second.CellAsync("p1");
            var owned = second.Provider.Processes["p1"];
            Assert.Equal((greenPid, true, greenEndpoint), (owned.ProcessId, owned.Adopted, cell.Endpoint));

            await second.Provider.StopWorkloadAsync(cell, blueEndpoint, CancellationToken.None);

            Assert.True(await ExitedAsync(bluePid), $"the old process {bluePid} still runs");
            using var green = second.Client("p1", greenEndpoint);
            Assert.Equal((greenPid, "2.0.0"), ((await InfoAsync(green)).ProcessId, (await InfoAsync(green)).Version));
            await second.Provider.StopWorkloadAsync(cell, blueEndpoint, CancellationToken.None);
            Assert.Equal(greenPid, second.Provider.Processes["p1"].ProcessId);
        }

        Assert.True(await ExitedAsync(greenPid), $"the adopted process {greenPid} still runs after the control plane stopped");
    }

    [Fact]
    public async Task ResumeAsync_DeployedCellCrashed_StartsItsCurrentReleaseWithItsConfig()
    {
        await using var harness = new NotesDeployHarness(_root.Path);
        var provider = harness.Provider;
        var original = await harness.CreateCellAsync("p1");
        var release = new CellRelease("2.0.0", NotesCell.NotesDll, new Dictionary<string, string> { ["Notes:Colour"] = "green" });
        var greenEndpoint = await provider.StageAsync(original, release, [original.Endpoint!], CancellationToken.None);
        var cell = await harness.SwitchAsync("p1", release, greenEndpoint);
        await provider.StopWorkloadAsync(cell, original.Endpoint!, CancellationToken.None);
        var crashed = provider.Processes["p1"].ProcessId;
        using (var process = Process.GetProcessById(crashed))
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        await provider.ResumeAsync(cell, CancellationToken.None);

        using var green = harness.Client("p1", greenEndpoint);
        var info = await InfoAsync(green);
        Assert.NotEqual(crashed, info.ProcessId);
        Assert.Equal(("p1", "2.0.0"), (info.Cell, info.Version));
        var arguments = CommandLine(info.ProcessId);
        Assert.Contains("--Notes:Colour=green", arguments);
        Assert.Contains(NotesCell.NotesDll, arguments);
        Assert.Equal(info.ProcessId, provider.Processes["p1"].ProcessId);
        await provider.VerifyAsync(cell, CancellationToken.None);
    }

    [Fact]
    public async Task VerifyAsync_CellRunsAnotherVersion_ThrowsNamingBoth()
    {
        await using var harness = new NotesDeployHarness(_root.Path);
        var cell = await harness.CreateCellAsync("p1");

        var e = await Assert.ThrowsAsync<CellStartException>(() => harness.Provider.VerifyAsync(cell with { Version = "3.0.0" }, CancellationToken.None));

        Assert.Contains("version 1.0.0", e.Message, StringComparison.Ordinal);
        Assert.Contains("version 3.0.0", e.Message, StringComparison.Ordinal);
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private string Script(string name, string body)
    {
        var path = _root.Combine(name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
