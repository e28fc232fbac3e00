using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Providers.Commands;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Model;
using Cellular.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.ControlPlane.Tests.Providers.Commands;

/// <summary>
/// The <c>command</c> provider with the shipped Notes template (<c>deploy/command/notes</c>): its
/// real shell scripts start real Notes processes.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CommandCellProviderTests : IDisposable
{
    private readonly TempDirectory _root = new("cp-command");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        // Workloads outlive the control plane by design; a test that failed half-way leaves them to us.
        foreach (var pidFile in Directory.Exists(CellsDirectory) ? Directory.GetFiles(CellsDirectory, "notes-*.pid", SearchOption.AllDirectories) : [])
        {
            try
            {
                using var process = Process.GetProcessById(int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture));
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or IOException)
            {
                // Gone already.
            }
        }

        _http.Dispose();
        _root.Dispose();
    }

    private string CellsDirectory => _root.Combine("command-cells");

    [Fact]
    public async Task CellTemplates_ShippedTemplate_IsListedWithItsTargets()
    {
        await using var app = new ControlPlaneApp(_root.Path, Settings());
        using var client = app.Client();

        var templates = await client.GetFromJsonAsync("/api/v1/cell-templates", CellularJsonContext.Default.ListCellTemplateView);

        var notes = Assert.Single(templates!);
        Assert.Equal("notes", notes.Name);
        var component = Assert.Single(notes.Components);
        Assert.Equal(("app", 120), (component.Name, component.TimeoutSeconds));
        Assert.Equal(["create", "deploy", "verify", "destroy"], component.Targets);
    }

    [Theory]
    [InlineData("""{"id":"n1","provider":"command"}""", "needs a 'template': use notes")]
    [InlineData("""{"id":"n1","provider":"command","template":"rails"}""", "Unknown template 'rails'; use notes")]
    [InlineData("""{"id":"n1","provider":"command","template":"notes","endpoint":"http://127.0.0.1:9"}""", "leave out 'endpoint'")]
    public async Task CreateCell_BadTemplateOrEndpoint_Returns400(string body, string message)
    {
        await using var app = new ControlPlaneApp(_root.Path, Settings());
        using var client = app.Client();

        using var response = await client.PostJsonAsync("/api/v1/cells", body);

        Assert.Contains(message, await response.AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateCell_CreatePrintsAnotherEndpoint_Returns502AndRunsDestroy()
    {
        var marker = _root.Combine("destroyed");
        await using var app = new ControlPlaneApp(_root.Path, Settings(new()
        {
            ["Cellular:Command:Templates:odd:Directory"] = _root.Path,
            ["Cellular:Command:Templates:odd:Components:0:Name"] = "web",
            ["Cellular:Command:Templates:odd:Components:0:Create"] = "echo http://127.0.0.1:1",
            ["Cellular:Command:Templates:odd:Components:0:Destroy"] = $"echo \"$CELLULAR_DESTROY_SCOPE\" > '{marker}'",
        }));
        using var client = app.Client();

        using var response = await client.PostJsonAsync("/api/v1/cells", """{"id":"n1","provider":"command","template":"odd"}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.Contains("printed the endpoint http://127.0.0.1:1, but the control plane assigned", detail, StringComparison.Ordinal);
        Assert.Equal("cell", (await File.ReadAllTextAsync(marker)).Trim());
    }

    [Fact]
    public async Task NotesTemplate_CreateStageSwitchVerifyRetire_RunsTheScripts()
    {
        await using var app = new ControlPlaneApp(_root.Path, Settings());
        using var client = app.Client();
        var provider = app.Services.GetRequiredService<CommandCellProvider>();

        // create: the script starts Notes on the assigned endpoint and prints it.
        using var created = await client.PostJsonAsync("/api/v1/cells", """{"id":"n1","provider":"command","template":"notes","version":"1.0.0","stage":"staging"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = await created.ReadAsync(CellularJsonContext.Default.CellView);
        Assert.Equal((CellState.Active, "command", "notes"), (view.State, view.Provider, view.Template));
        var blue = view.Endpoint!;
        var bluePid = PidOf("n1", blue);
        Assert.Equal(("n1", "1.0.0"), await HealthAsync(blue));
        var cell = Cell(view);

        // ResumeAsync of a healthy cell runs nothing.
        var log = Path.Combine(CellsDirectory, "n1", "cell.log");
        var logLength = new FileInfo(log).Length;
        await provider.ResumeAsync(cell, CancellationToken.None);
        Assert.Equal(logLength, new FileInfo(log).Length);

        // stage: the deploy script starts 2.0.0 beside 1.0.0 and prints the new endpoint.
        var release = new CellRelease("2.0.0", NotesCell.NotesDll, new Dictionary<string, string> { ["Logging:LogLevel:Default"] = "Warning" });
        var green = await provider.StageAsync(cell, release, [blue], CancellationToken.None);
        Assert.NotEqual(blue, green);
        Assert.Equal(("n1", "2.0.0"), await HealthAsync(green));
        Assert.Equal(("n1", "1.0.0"), await HealthAsync(blue));
        Assert.Contains("--Logging:LogLevel:Default=Warning", CommandLine(PidOf("n1", green)), StringComparison.Ordinal);

        // After the switch the cell serves on green: stopping green is a no-op, stopping blue destroys its process.
        var switched = cell with { Endpoint = green, Version = "2.0.0", Artifact = NotesCell.NotesDll, Config = release.Config };
        await provider.StopWorkloadAsync(switched, green, CancellationToken.None);
        await provider.StopWorkloadAsync(switched, blue, CancellationToken.None);
        Assert.True(await ExitedAsync(bluePid), "the previous workload still runs");
        Assert.Equal(("n1", "2.0.0"), await HealthAsync(green));

        // verify: the smoke test checks the version the cell is said to run.
        await provider.VerifyAsync(switched, CancellationToken.None);
        var wrong = await Assert.ThrowsAsync<CellStartException>(() => provider.VerifyAsync(switched with { Version = "9.9.9" }, CancellationToken.None));
        Assert.Contains("does not run version 9.9.9", wrong.Message, StringComparison.Ordinal);
        Assert.Contains("'app'", wrong.Message, StringComparison.Ordinal);

        // A release that cannot start leaves nothing new behind and the cell as it was.
        var bad = await Assert.ThrowsAsync<CellStartException>(() => provider.StageAsync(switched, new CellRelease("3.0.0", "/no/such/Notes.dll", new Dictionary<string, string>()), [green], CancellationToken.None));
        Assert.Contains("/no/such/Notes.dll does not exist", bad.Message, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(CellsDirectory, "n1"), "notes-*.pid"));
        Assert.Equal(("n1", "2.0.0"), await HealthAsync(green));

        // retire (StopAsync): destroy with scope cell stops every process and keeps the data.
        var greenPid = PidOf("n1", green);
        await provider.StopAsync(switched, CancellationToken.None);
        Assert.True(await ExitedAsync(greenPid), "the cell's workload still runs after destroy");
        Assert.True(File.Exists(Path.Combine(CellsDirectory, "n1", "notes.db")));
    }

    [Fact]
    public async Task NotesTemplate_ResumeAfterTheWorkloadDied_RunsCreateAgain()
    {
        await using var app = new ControlPlaneApp(_root.Path, Settings());
        using var client = app.Client();
        var provider = app.Services.GetRequiredService<CommandCellProvider>();
        using var created = await client.PostJsonAsync("/api/v1/cells", """{"id":"n2","provider":"command","template":"notes"}""");
        var view = await created.ReadAsync(CellularJsonContext.Default.CellView);
        var pid = PidOf("n2", view.Endpoint!);
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill();
        }

        Assert.True(await ExitedAsync(pid));

        await provider.ResumeAsync(Cell(view), CancellationToken.None);

        Assert.NotEqual(pid, PidOf("n2", view.Endpoint!));
        Assert.Equal(("n2", "1.0.0"), await HealthAsync(view.Endpoint!));
        await provider.StopAsync(Cell(view), CancellationToken.None);
    }

    private Dictionary<string, string?> Settings(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cellular:Command:TemplateFiles:0"] = NotesTemplate.File,
            ["Cellular:Command:Templates:notes:Environment:NOTES_DLL"] = NotesCell.NotesDll,
            ["Cellular:Command:DataDir"] = CellsDirectory,
            ["Cellular:Command:PortBase"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    private static Cell Cell(CellView view) =>
        new(view.Id, view.Region, view.Zone, view.Stage, view.Capacity, view.Endpoint, view.State, view.Provider, view.Labels, view.Version, Template: view.Template);

    private int PidOf(string cell, string endpoint) =>
        int.Parse(File.ReadAllText(Path.Combine(CellsDirectory, cell, $"notes-{new Uri(endpoint).Port}.pid")).Trim(), CultureInfo.InvariantCulture);

    private static string CommandLine(int pid) => File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');

    private async Task<(string Cell, string Version)> HealthAsync(string endpoint)
    {
        var health = await _http.GetFromJsonAsync($"{endpoint}/_cell/health", CellularJsonContext.Default.CellHealth);
        return (health!.Cell, health.Version);
    }

    private static async Task<bool> ExitedAsync(int pid)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                if (process.HasExited)
                {
                    return true;
                }
            }
            catch (ArgumentException)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
