using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Providers.Processes;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Json;
using Cellular.Core.Model;
using Cellular.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.ControlPlane.Tests.Providers.Processes;

/// <summary>
/// The process provider with real child processes: the test assembly itself runs as the cell
/// program (see <see cref="FakeCellProgram"/>), started with <c>dotnet</c> like Notes.dll.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProcessCellProviderTests : IDisposable
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(15);

    private readonly TempDirectory _root = new("cp-process");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task CreateCell_ProcessProvider_StartsHealthyChildAndRetireStopsIt()
    {
        await using var app = new ControlPlaneApp(_root.Path, Settings(FakeCellProgram.Path));
        using var client = app.Client();

        using var created = await client.PostJsonAsync("/api/v1/cells", """{"id":"p1","version":"3.1.4"}""");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var cell = await created.ReadAsync(CellularJsonContext.Default.CellView);
        Assert.Equal((CellState.Active, "process"), (cell.State, cell.Provider));
        var info = await CellInfoAsync(cell.Endpoint!);
        Assert.Equal("p1", info.Cell);
        var log = await File.ReadAllTextAsync(Path.Combine(app.CellsDirectory, "p1", "cell.log"));
        Assert.Contains("--Cellular:Cell:Version=3.1.4", log, StringComparison.Ordinal);
        Assert.Contains($"fake cell p1 starting in process {info.ProcessId}", log, StringComparison.Ordinal);
        Assert.Contains("fake cell p1 has a secret", log, StringComparison.Ordinal);
        Assert.DoesNotContain(Core.Security.CellSecrets.Encode(TestCredentials.SecretFor(_root.Path, "p1")), log, StringComparison.Ordinal);

        using var retired = await client.PostAsync("/api/v1/cells/p1/retire", null);

        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        Assert.True(await ExitedAsync(info.ProcessId), $"cell process {info.ProcessId} still runs after retire");
    }

    [Fact]
    public async Task CreateCell_TwoProcessCells_GetDifferentPortsAndDataDirs()
    {
        await using var app = new ControlPlaneApp(_root.Path, Settings(FakeCellProgram.Path));
        using var client = app.Client();

        using var first = await client.PostJsonAsync("/api/v1/cells", """{"id":"p1"}""");
        using var second = await client.PostJsonAsync("/api/v1/cells", """{"id":"p2"}""");

        var a = await first.ReadAsync(CellularJsonContext.Default.CellView);
        var b = await second.ReadAsync(CellularJsonContext.Default.CellView);
        Assert.NotEqual(new Uri(a.Endpoint!).Port, new Uri(b.Endpoint!).Port);
        Assert.Equal("p2", (await CellInfoAsync(b.Endpoint!, "p2")).Cell);
        Assert.True(File.Exists(Path.Combine(app.CellsDirectory, "p1", "cell.log")));
        Assert.True(File.Exists(Path.Combine(app.CellsDirectory, "p2", "cell.log")));
    }

    [Fact]
    public async Task CreateCell_ProgramFailsAtStart_Returns502WithItsOutputAndRemovesCell()
    {
        var script = Script("fails.sh", "echo 'boom: the database is locked' >&2\nexit 3");
        await using var app = new ControlPlaneApp(_root.Path, Settings(script));
        using var client = app.Client();

        using var response = await client.PostJsonAsync("/api/v1/cells", """{"id":"p1"}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.Contains("boom: the database is locked", detail, StringComparison.Ordinal);
        Assert.Contains("code 3", detail, StringComparison.Ordinal);
        using var get = await client.GetAsync("/api/v1/cells/p1");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task CreateCell_ProgramNeverHealthy_Returns502AfterStartTimeoutAndKillsIt()
    {
        var pidFile = _root.Combine("hang.pid");
        var script = Script("hangs.sh", $"echo $$ > '{pidFile}'\necho 'still warming up'\nexec sleep 120");
        await using var app = new ControlPlaneApp(_root.Path, Settings(script, startTimeout: "00:00:02"));
        using var client = app.Client();

        using var response = await client.PostJsonAsync("/api/v1/cells", """{"id":"p1"}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.Contains("within 2 s", detail, StringComparison.Ordinal);
        Assert.Contains("still warming up", detail, StringComparison.Ordinal);
        Assert.True(await ExitedAsync(int.Parse(await File.ReadAllTextAsync(pidFile))));
    }

    [Fact]
    public async Task Restart_CellsLeftRunning_AdoptsThemAndStopsThemOnShutdown()
    {
        int pid;
        string endpoint;
        await using (var first = new ControlPlaneApp(_root.Path, Settings(FakeCellProgram.Path, stopCellsOnShutdown: false)))
        {
            using var client = first.Client();
            using var created = await client.PostJsonAsync("/api/v1/cells", """{"id":"p1"}""");
            endpoint = (await created.ReadAsync(CellularJsonContext.Default.CellView)).Endpoint!;
            pid = (await CellInfoAsync(endpoint)).ProcessId;
        }

        Assert.Equal(pid, (await CellInfoAsync(endpoint)).ProcessId);

        await using (var second = new ControlPlaneApp(_root.Path, Settings(FakeCellProgram.Path)))
        {
            using var client = second.Client();
            var cell = await client.GetFromJsonAsync("/api/v1/cells/p1", CellularJsonContext.Default.CellView);
            var owned = second.Services.GetRequiredService<ProcessCellProvider>().Processes["p1"];

            Assert.Equal((CellState.Active, endpoint), (cell!.State, cell.Endpoint));
            Assert.Equal((pid, true), (owned.ProcessId, owned.Adopted));
            Assert.Equal(pid, (await CellInfoAsync(endpoint)).ProcessId);
        }

        Assert.True(await ExitedAsync(pid), $"adopted cell process {pid} still runs after the control plane stopped");
    }

    [Fact]
    public async Task Restart_CellsStoppedWithControlPlane_StartsThemAgainOnTheirPort()
    {
        int firstPid;
        string endpoint;
        await using (var first = new ControlPlaneApp(_root.Path, Settings(FakeCellProgram.Path)))
        {
            using var client = first.Client();
            using var created = await client.PostJsonAsync("/api/v1/cells", """{"id":"p1"}""");
            endpoint = (await created.ReadAsync(CellularJsonContext.Default.CellView)).Endpoint!;
            firstPid = (await CellInfoAsync(endpoint)).ProcessId;
        }

        Assert.True(await ExitedAsync(firstPid), $"cell process {firstPid} still runs after the control plane stopped");

        await using var second = new ControlPlaneApp(_root.Path, Settings(FakeCellProgram.Path));
        using var again = second.Client();
        var info = await CellInfoAsync(endpoint);

        Assert.Equal("p1", info.Cell);
        Assert.NotEqual(firstPid, info.ProcessId);
        Assert.False(second.Services.GetRequiredService<ProcessCellProvider>().Processes["p1"].Adopted);
    }

    private IReadOnlyDictionary<string, string?> Settings(string command, bool stopCellsOnShutdown = true, string startTimeout = "00:00:30") =>
        new Dictionary<string, string?>
        {
            ["Cellular:Process:CellCommand"] = command,
            ["Cellular:Process:StartTimeout"] = startTimeout,
            ["Cellular:Process:StopTimeout"] = "00:00:05",
            ["Cellular:Process:StopCellsOnShutdown"] = stopCellsOnShutdown ? "true" : "false",
        };

    private string Script(string name, string body)
    {
        var path = _root.Combine(name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary><c>/_cell/info</c> with the control plane's credential, which the fake cell program wants once it has a secret.</summary>
    private async Task<Core.Api.CellInfo> CellInfoAsync(string endpoint, string cell = "p1")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{endpoint}/_cell/info");
        request.Headers.Authorization = TestCredentials.Bearer(TestCredentials.SecretFor(_root.Path, cell), cell, request);
        using var response = await _http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"GET {endpoint}/_cell/info: {(int)response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync(CellularJsonContext.Default.CellInfo))!;
    }

    private static async Task<bool> ExitedAsync(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            using var timeout = new CancellationTokenSource(ExitWait);
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
