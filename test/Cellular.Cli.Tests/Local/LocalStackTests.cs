using System.Diagnostics;
using System.Net;
using Cellular.Cli.Local;
using Cellular.Cli.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.Cli.Tests.Local;

/// <summary>
/// LocalStack without the real programs: shell scripts stand in for a dying or silent control
/// plane, and the fake control plane (serving the router's and cells' endpoints too) for a live one.
/// </summary>
public sealed class LocalStackTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();
    private FakeControlPlane _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeControlPlane.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Constructor_ZeroPorts_PicksFreePorts()
    {
        await using var stack = new LocalStack(Options() with { ApiPort = 0, RouterPort = 0, CellPortBase = 0 });

        Assert.NotEqual(0, stack.ApiPort);
        Assert.NotEqual(0, stack.RouterPort);
        Assert.Equal(new Uri($"http://127.0.0.1:{stack.RouterPort}"), stack.RouterUrl);
        Assert.Equal(new Uri($"http://127.0.0.1:{stack.ApiPort}"), stack.ApiUrl);
        Assert.True(stack.ControlPlane.HasExited);
        Assert.Null(stack.ControlPlane.ProcessId);
    }

    [Fact]
    public void Constructor_Arguments_FollowTheContract()
    {
        var options = Options() with { ApiPort = 6081, RouterPort = 6080, CellPortBase = 6100, ControlPlaneArguments = ["--extra=1"] };
        var stack = new LocalStack(options);
        var data = stack.DataDirectory;

        Assert.Equal(
            ["/stub/cp.dll", "--urls", "http://127.0.0.1:6081", $"--Cellular:ControlPlane:DataDir={data}/control-plane",
             "--Cellular:Process:CellCommand=/stub/notes.dll", $"--Cellular:Process:DataDir={data}/cells", "--Cellular:Process:PortBase=6100",
             "--Cellular:ControlPlane:Routers:0=http://127.0.0.1:6080",
             $"--Cellular:ControlPlane:RouterTokenFile={data}/router-admin-token",
             "--Cellular:ControlPlane:Auth:Bootstrap:0:Name=admin", "--Cellular:ControlPlane:Auth:Bootstrap:0:Role=Admin",
             $"--Cellular:ControlPlane:Auth:Bootstrap:0:TokenFile={data}/admin-token",
             "--Cellular:ControlPlane:Auth:Bootstrap:1:Name=router", "--Cellular:ControlPlane:Auth:Bootstrap:1:Role=Router",
             $"--Cellular:ControlPlane:Auth:Bootstrap:1:TokenFile={data}/router-token",
             "--Cellular:ControlPlane:ReplicaId=cp1",
             "--extra=1"],
            stack.ControlPlane.StartInfo.Arguments);
        Assert.Equal(
            ["/stub/router.dll", "--urls", "http://127.0.0.1:6080", "--Cellular:Router:ControlPlaneUrls:0=http://127.0.0.1:6081",
             $"--Cellular:Router:TableFile={data}/router/routing-table.json", $"--Cellular:Router:ControlPlaneTokenFile={data}/router-token",
             $"--Cellular:Router:AdminTokenFile={data}/router-admin-token"],
            stack.Router.StartInfo.Arguments);
        Assert.Equal($"{data}/admin-token", stack.AdminTokenFile);
        Assert.Equal(Path.Combine(data, "logs", "control-plane.log"), stack.ControlPlane.LogFile);
        Assert.Equal(Path.Combine(data, "logs", "router.log"), stack.Router.LogFile);
    }

    [Fact]
    public void Constructor_TwoControlPlanesOnPostgres_ReplicasOnConsecutivePortsOneStoreAndTheRouterGivenBoth()
    {
        var stack = new LocalStack(Options() with { ApiPort = 6081, RouterPort = 6080, Store = "postgres", ControlPlanes = 2, StorePort = 6432 });
        var store = "Host=127.0.0.1;Port=6432;Username=cellular;Database=postgres";

        Assert.Equal([new Uri("http://127.0.0.1:6081"), new Uri("http://127.0.0.1:6082")], stack.ApiUrls);
        Assert.Same(stack.ControlPlane, stack.ControlPlanes[0]);
        Assert.Equal(Path.Combine(stack.DataDirectory, "postgres"), stack.PostgresDirectory);
        Assert.Equal(
            ["--Cellular:ControlPlane:ReplicaId=cp1", "--Cellular:ControlPlane:Store:Provider=postgres", $"--Cellular:ControlPlane:Store:ConnectionString={store}"],
            stack.ControlPlanes[0].StartInfo.Arguments.Where(a => a.StartsWith("--Cellular:ControlPlane:ReplicaId", StringComparison.Ordinal) || a.StartsWith("--Cellular:ControlPlane:Store", StringComparison.Ordinal)));
        var second = stack.ControlPlanes[1].StartInfo.Arguments;
        Assert.Equal("http://127.0.0.1:6082", second[2]);
        Assert.Contains("--Cellular:ControlPlane:ReplicaId=cp2", second);
        Assert.Contains($"--Cellular:ControlPlane:Store:ConnectionString={store}", second);
        Assert.Contains("--Cellular:Process:StopCellsOnShutdown=false", second);
        Assert.DoesNotContain("--Cellular:Process:StopCellsOnShutdown=false", stack.ControlPlanes[0].StartInfo.Arguments);
        Assert.Equal(Path.Combine(stack.DataDirectory, "logs", "control-plane-cp2.log"), stack.ControlPlanes[1].LogFile);
        Assert.Equal(
            ["--Cellular:Router:ControlPlaneUrls:0=http://127.0.0.1:6081", "--Cellular:Router:ControlPlaneUrls:1=http://127.0.0.1:6082"],
            stack.Router.StartInfo.Arguments.Where(a => a.StartsWith("--Cellular:Router:ControlPlaneUrl", StringComparison.Ordinal)));
    }

    [Fact]
    public void Constructor_StoreConnectionGiven_RunsNoPostgresAndPassesIt()
    {
        var stack = new LocalStack(Options() with { Store = "postgres", StoreConnection = "Host=db;Database=cellular" });

        Assert.Null(stack.PostgresDirectory);
        Assert.Contains("--Cellular:ControlPlane:Store:ConnectionString=Host=db;Database=cellular", stack.ControlPlane.StartInfo.Arguments);
    }

    [Theory]
    [InlineData("sqlite", 2, null, "add --store postgres")]
    [InlineData("sqlite", 1, "Host=db", "--store-connection is a PostgreSQL connection string")]
    [InlineData("postgres", 10, null, "--control-planes must be 1 to 9")]
    [InlineData("mysql", 1, null, "use sqlite or postgres")]
    public void Constructor_ImpossibleStoreOptions_SayWhy(string store, int controlPlanes, string? connection, string expected)
    {
        var error = Assert.Throws<LocalStackException>(() => new LocalStack(Options() with { Store = store, ControlPlanes = controlPlanes, StoreConnection = connection }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_CommandTemplateFound_RegistersItWithNotesAndTheStacksCellsFolder()
    {
        var options = Options() with { ApiPort = 6081, RouterPort = 6080, CellPortBase = 6100 };
        var stack = new LocalStack(options with { Artifacts = options.Artifacts! with { CommandTemplate = "/repo/deploy/command/notes/cellular.template.json" } });

        Assert.Equal(
            ["--Cellular:Command:TemplateFiles:0=/repo/deploy/command/notes/cellular.template.json",
             "--Cellular:Command:Templates:notes:Environment:NOTES_DLL=/stub/notes.dll",
             $"--Cellular:Command:DataDir={stack.DataDirectory}/cells",
             "--Cellular:Command:PortBase=6100"],
            stack.ControlPlane.StartInfo.Arguments.Where(a => a.StartsWith("--Cellular:Command:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Constructor_TenantAuthJwt_TurnsOnTheIssuerAndTheRoutersJwtCheck()
    {
        var stack = new LocalStack(Options() with { ApiPort = 6081, RouterPort = 6080, TenantAuth = LocalTenantAuth.Jwt });

        Assert.Contains("--Cellular:ControlPlane:Auth:TenantIssuer:Enabled=true", stack.ControlPlane.StartInfo.Arguments);
        Assert.Equal(
            ["--Cellular:Router:TenantAuth:Mode=Jwt",
             "--Cellular:Router:TenantAuth:JwksUrl=http://127.0.0.1:6081/api/v1/auth/tenant-issuer/jwks",
             "--Cellular:Router:TenantAuth:Issuer=cellular-local",
             "--Cellular:Router:TenantAuth:Audience=cellular-router"],
            stack.Router.StartInfo.Arguments.Where(a => a.StartsWith("--Cellular:Router:TenantAuth:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Constructor_NoTenantAuth_LeavesTheRouterWithoutJwt()
    {
        var stack = new LocalStack(Options());

        Assert.DoesNotContain(stack.Router.StartInfo.Arguments, a => a.Contains("TenantAuth", StringComparison.Ordinal));
        Assert.DoesNotContain(stack.ControlPlane.StartInfo.Arguments, a => a.Contains("TenantIssuer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Client_SendsTheAdminKeyFromTheDataDirectory()
    {
        _fake.RespondJson("GET", "/api/v1/cells", 200, new List<CellView>());
        await using var stack = new LocalStack(Options() with { ApiPort = _fake.Port });

        await stack.Client.ListCellsAsync();

        Assert.Equal("Bearer " + FakeControlPlane.Token, Assert.Single(_fake.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task StartAsync_RouterPortInUse_FailsNamingThePortBeforeStartingAnything()
    {
        using var busy = FreePort.Occupy();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        await using var stack = new LocalStack(Options() with { ApiPort = 0, RouterPort = port });

        var ex = await Assert.ThrowsAsync<LocalStackException>(() => stack.StartAsync());

        Assert.Contains($"Port {port} (router) is already in use", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--router-port", ex.Message, StringComparison.Ordinal);
        Assert.Null(stack.ControlPlane.ProcessId);
    }

    [Fact]
    public async Task StartControlPlaneAsync_ProgramExitsDuringStart_FailsWithLogTail()
    {
        var script = Script("cp.sh", "echo boom-$((40+2)); exit 1");
        await using var stack = new LocalStack(Options(controlPlane: script) with { ApiPort = 0 });

        var ex = await Assert.ThrowsAsync<LocalStackException>(() => stack.StartControlPlaneAsync());

        Assert.Contains("The control plane exited with code 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("boom-42", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartControlPlaneAsync_ProgramNeverAnswers_TimesOut()
    {
        var script = Script("cp.sh", "while true; do sleep 0.05; done");
        await using var stack = new LocalStack(Options(controlPlane: script) with { ApiPort = 0, StartTimeout = TimeSpan.FromSeconds(1) });

        var ex = await Assert.ThrowsAsync<LocalStackException>(() => stack.StartControlPlaneAsync());

        Assert.Contains("Gave up waiting 1 s for the control plane to answer its health check", ex.Message, StringComparison.Ordinal);
        Assert.False(stack.ControlPlane.HasExited);
    }

    [Fact]
    public async Task DisposeAsync_RunningControlPlane_StopsIt()
    {
        var script = Script("cp.sh", "while true; do sleep 0.05; done");
        var stack = new LocalStack(Options(controlPlane: script) with { ApiPort = 0, StartTimeout = TimeSpan.FromMilliseconds(300) });
        await Assert.ThrowsAsync<LocalStackException>(() => stack.StartControlPlaneAsync());
        var pid = stack.ControlPlane.ProcessId!.Value;

        await stack.DisposeAsync();

        Assert.True(stack.ControlPlane.HasExited);
        Assert.False(IsRunning(pid));
    }

    [Fact]
    public async Task EnsureCellsAsync_OneRetired_CreatesTheMissingCellWithAFreeId()
    {
        _fake.RespondJson("GET", "/api/v1/cells", 200, new List<CellView>
        {
            Samples.Cell("c1"), Samples.Cell("c2", CellState.Retired), Samples.Cell("c3"),
        });
        _fake.RespondJson("POST", "/api/v1/cells", 201, Samples.Cell("c4"));
        await using var stack = new LocalStack(Options() with { ApiPort = _fake.Port });

        await stack.EnsureCellsAsync(3);

        var create = Assert.Single(_fake.Requests, r => r.Method == "POST");
        Assert.Contains("\"id\":\"c4\"", create.Body, StringComparison.Ordinal);
        Assert.Contains("\"provider\":\"process\"", create.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureCellsAsync_EnoughCells_CreatesNothing()
    {
        _fake.RespondJson("GET", "/api/v1/cells", 200, new List<CellView> { Samples.Cell("a"), Samples.Cell("b") });
        await using var stack = new LocalStack(Options() with { ApiPort = _fake.Port });

        var cells = await stack.EnsureCellsAsync(2);

        Assert.Equal(2, cells.Count);
        Assert.DoesNotContain(_fake.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task WaitReadyAsync_RouterCaughtUp_ReturnsItsVersion()
    {
        _fake.RespondJson("GET", "/api/v1/health", 200, Samples.ControlPlaneHealth(tableVersion: 5));
        _fake.RespondJson("GET", "/_router/health", 200, Samples.RouterHealth(tableVersion: 6));
        await using var stack = new LocalStack(Options() with { ApiPort = _fake.Port, RouterPort = _fake.Port });

        Assert.Equal(6, await stack.WaitReadyAsync());
    }

    [Fact]
    public async Task WaitReadyAsync_RouterBehind_TimesOutSayingBothVersions()
    {
        _fake.RespondJson("GET", "/api/v1/health", 200, Samples.ControlPlaneHealth(tableVersion: 5));
        _fake.RespondJson("GET", "/_router/health", 200, Samples.RouterHealth(tableVersion: 3));

        // Long enough for the first probes to answer on a loaded machine (at 500 ms they once did not).
        await using var stack = new LocalStack(Options() with { ApiPort = _fake.Port, RouterPort = _fake.Port, ReadyTimeout = TimeSpan.FromSeconds(3) });

        var ex = await Assert.ThrowsAsync<LocalStackException>(() => stack.WaitReadyAsync());

        Assert.Contains("the router serves table version 3, the control plane is at 5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCellProcessesAsync_CellRunning_FindsItsProcessByCommandLine()
    {
        using var cell = StartFakeCell("c1", _directory.Combine("data", "cells", "c1"));
        _fake.RespondJson("GET", "/api/v1/cells", 200, new List<CellView> { Samples.Cell("c1", endpoint: "http://127.0.0.1:5999") });
        await using var stack = new LocalStack(Options() with { ApiPort = _fake.Port, StopTimeout = TimeSpan.FromMilliseconds(200) });

        var processes = await stack.GetCellProcessesAsync();

        Assert.Equal(new CellProcess("c1", new Uri("http://127.0.0.1:5999"), cell.Id), Assert.Single(processes));
        Assert.DoesNotContain(_fake.Requests, r => r.Path.StartsWith("/_cell/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DisposeAsync_CellProcessOutlivesControlPlane_KillsIt()
    {
        using var cell = StartFakeCell("c1", _directory.Combine("data", "cells", "c1"));
        _fake.RespondJson("GET", "/api/v1/cells", 200, new List<CellView> { Samples.Cell("c1") });
        var stack = new LocalStack(Options() with { ApiPort = _fake.Port, StopTimeout = TimeSpan.FromMilliseconds(200) });

        Assert.Single(await stack.GetCellProcessesAsync());
        await stack.DisposeAsync();

        Assert.True(cell.WaitForExit(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task DisposeAsync_CellCreatedAfterStartAndControlPlaneGone_KillsItToo()
    {
        // Nothing answers on the API port: the stack never saw this cell, and cannot ask about it now.
        var stack = new LocalStack(Options() with { StopTimeout = TimeSpan.FromMilliseconds(200) });
        using var later = StartFakeCell("c9", Path.Combine(stack.CellsDirectory, "c9"));
        using var otherStack = StartFakeCell("c9", _directory.Combine("other", "cells", "c9"));

        await stack.DisposeAsync();

        Assert.True(later.WaitForExit(TimeSpan.FromSeconds(10)), "the stack's cell was stopped");
        Assert.False(otherStack.HasExited, "a cell of another stack is left alone");
        otherStack.Kill();
    }

    [Fact]
    public async Task GetCellProcessesAsync_StaticCell_IsNeverTouched()
    {
        using var cell = StartFakeCell("s1", _directory.Combine("data", "cells", "s1"));
        _fake.RespondJson("GET", "/api/v1/cells", 200, new List<CellView> { Samples.Cell("s1", provider: "static", endpoint: _fake.Url.ToString()) });
        await using var stack = new LocalStack(Options() with { ApiPort = _fake.Port });

        Assert.Empty(await stack.GetCellProcessesAsync());
        cell.Kill();
    }

    [Theory]
    [InlineData("/data/cells/c1", "c1")]
    [InlineData("/data/cells/deep/c1", "c1")]
    [InlineData("/data/cellsx/c1", null)]
    [InlineData("/elsewhere/cells/c1", null)]
    [InlineData("relative/cells/c1", null)]
    public void CellProcessFinder_Match_OnlyDataDirectoriesInsideTheStack(string dataDirectory, string? expected)
    {
        string[] arguments = ["/stub/notes.dll", "--urls", "http://127.0.0.1:5100", "--Cellular:Cell:Id=c1", $"--Cellular:Cell:DataDir={dataDirectory}"];

        Assert.Equal(expected, CellProcessFinder.Match(arguments, "/data/cells/"));
    }

    /// <summary>A process whose command line looks like a cell's (what the process provider starts).</summary>
    private static Process StartFakeCell(string id, string dataDirectory) =>
        Process.Start(new ProcessStartInfo(
            "/bin/sh",
            ["-c", "while true; do sleep 0.05; done", "notes", "--Cellular:Cell:Id=" + id, "--Cellular:Cell:DataDir=" + dataDirectory]))!;

    /// <summary>Options over a data directory holding the fake's admin key, as the real control plane would have written it.</summary>
    private LocalStackOptions Options(string? controlPlane = null)
    {
        var data = _directory.Combine("data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "admin-token"), FakeControlPlane.Token + "\n");
        return new()
        {
            DataDirectory = data,
            Artifacts = controlPlane is null
                ? new StackArtifacts("/bin/false", "/stub/cp.dll", "/stub/router.dll", "/stub/notes.dll")
                : new StackArtifacts("/bin/sh", controlPlane, "/stub/router.dll", "/stub/notes.dll"),
            ApiPort = 0,
            RouterPort = 0,
            CellPortBase = 0,
            StopTimeout = TimeSpan.FromSeconds(2),
        };
    }

    private string Script(string name, string body)
    {
        var path = _directory.Combine(name);
        File.WriteAllText(path, body + "\n");
        return path;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [Fact]
    public void UrlsOf_CellCommandLine_TellsWhichOfTwoProcessesServesTheEndpoint()
    {
        Assert.Equal("http://127.0.0.1:5101", CellProcessFinder.UrlsOf(["/usr/bin/dotnet", "Notes.dll", "--urls", "http://127.0.0.1:5101", "--Cellular:Cell:Id=c1"]));
        Assert.Null(CellProcessFinder.UrlsOf(["/usr/bin/dotnet", "Notes.dll", "--Cellular:Cell:Id=c1", "--urls"]));
    }
}
