using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellular.Core;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Model;
using Cellular.EndToEnd.Tests.Infrastructure;

namespace Cellular.EndToEnd.Tests;

/// <summary>
/// A <c>command</c> cell from the shipped Notes template (<c>deploy/command/notes</c>), which
/// <c>cellctl up</c> registers: its shell scripts run a real Notes process that tenants reach
/// through the router, and retiring the cell runs its destroy script.
/// </summary>
public sealed class CommandProviderTests
{
    private static readonly string[] QuickSoak = ["--Cellular:ControlPlane:Migrations:Soak=00:00:00.200"];

    [Fact]
    public async Task NotesTemplate_CreateWriteReadRetire_RunsTheScriptsAndServesTenants()
    {
        await using var stack = await Stack.StartAsync(cells: 1, controlPlaneArguments: QuickSoak);
        Assert.NotNull(stack.Local.Artifacts.CommandTemplate);

        var templates = await stack.Api.GetFromJsonAsync("/api/v1/cell-templates", CellularJsonContext.Default.ListCellTemplateView);
        Assert.Contains(templates!, t => t.Name == "notes" && t.Components.Single().Targets.SequenceEqual(["create", "deploy", "verify", "destroy"]));

        // create: the control plane runs create.sh, which starts Notes on the endpoint it was given.
        var cell = await stack.Local.Client.CreateCellAsync(new CreateCellRequest("n1", Provider: "command", Stage: "staging", Version: "1.4.0", Template: "notes"));
        Assert.Equal((CellState.Active, "command", "notes", "1.4.0"), (cell.State, cell.Provider, cell.Template, cell.Version));
        var cellDirectory = Path.Combine(stack.Local.CellsDirectory, "n1");
        var pid = ReadPid(cellDirectory, cell.Endpoint!);
        var log = await File.ReadAllTextAsync(Path.Combine(cellDirectory, "cell.log"));
        Assert.Contains("cell n1: app create: ./create.sh", log, StringComparison.Ordinal);
        Assert.Contains($"notes: {cell.Endpoint} serves cell n1 version 1.4.0", log, StringComparison.Ordinal);

        // A tenant placed in the command cell reads and writes through the router.
        var tenant = (await stack.CreateTenantsAsync(1, "cmd", cell: "n1")).Single();
        using (var write = await stack.WriteNoteAsync(tenant.Id, "kept by a command cell"))
        {
            Assert.Equal(HttpStatusCode.Created, write.StatusCode);
            Assert.Equal("n1", Assert.Single(write.Headers.GetValues(CellularHeaders.CellId)));
        }

        Assert.Equal(["kept by a command cell"], await NoteTextsAsync(stack, tenant.Id, "n1"));

        // Move the tenant out, retire the cell: destroy.sh stops its process, the tenant's notes live on in c1.
        var moved = await MigrationTests.MoveAsync(stack, tenant.Id, "c1");
        Assert.Equal(MigrationState.Complete, moved.State);
        var retired = await stack.Local.Client.RetireCellAsync("n1");
        Assert.Equal(CellState.Retired, retired.State);
        Assert.True(await ExitedAsync(pid), $"the command cell's Notes process {pid} still runs after retire");
        Assert.Contains("app destroy exited with code 0", await File.ReadAllTextAsync(Path.Combine(cellDirectory, "cell.log")), StringComparison.Ordinal);
        Assert.Equal(["kept by a command cell"], await NoteTextsAsync(stack, tenant.Id, "c1"));
    }

    [Fact]
    public async Task NotesTemplate_DeployedThroughADeployment_SwitchesBlueGreenWithoutAFailedRequest()
    {
        await using var stack = await Stack.StartAsync(cells: 1, controlPlaneArguments: QuickSoak);
        var cell = await stack.Local.Client.CreateCellAsync(new CreateCellRequest("n1", Provider: "command", Stage: "staging", Version: "1.4.0", Template: "notes"));
        var cellDirectory = Path.Combine(stack.Local.CellsDirectory, "n1");
        var oldPid = ReadPid(cellDirectory, cell.Endpoint!);
        var tenants = await stack.CreateTenantsAsync(2, "cmdd", cell: "n1");
        using (var write = await stack.WriteNoteAsync(tenants[0].Id, "written on 1.4.0"))
        {
            Assert.Equal(HttpStatusCode.Created, write.StatusCode);
        }

        await using var load = new TrafficLoad(stack.Router, tenants, workers: 2, pause: TimeSpan.FromMilliseconds(20));
        await Stack.EventuallyAsync(() => Task.FromResult(load.ByTenant.Values.Sum(o => o.Ok) >= 40), TimeSpan.FromSeconds(30), "steady load before the deployment");

        var request = new CreateDeploymentRequest("1.5.0", Waves: [["n1"]], BakeSeconds: 3, Gates: new DeploymentGatesRequest(MinRequests: 5));
        using var created = await stack.Api.PostAsJsonAsync("/api/v1/deployments", request, CellularJsonContext.Default.CreateDeploymentRequest);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync(CellularJsonContext.Default.Deployment))!.Id;

        Deployment? deployment = null;
        await Stack.EventuallyAsync(
            async () =>
            {
                deployment = await stack.Api.GetFromJsonAsync($"/api/v1/deployments/{id}", CellularJsonContext.Default.Deployment);
                return deployment!.State.IsFinal();
            },
            TimeSpan.FromSeconds(120),
            "the deployment to end");
        await load.DisposeAsync();

        Assert.True(deployment!.State == DeploymentState.Succeeded, $"{deployment.State}: {deployment.Reason}");
        var after = await stack.Api.GetFromJsonAsync("/api/v1/cells/n1", CellularJsonContext.Default.CellView);
        Assert.Equal("1.5.0", after!.Version);
        Assert.Equal("1.4.0", after.PreviousRelease?.Version);
        Assert.NotEqual(cell.Endpoint, after.Endpoint);
        Assert.True(await ExitedAsync(oldPid), $"the 1.4.0 process {oldPid} still runs after the switch");
        Assert.Contains($"notes: stopping process {oldPid}", await File.ReadAllTextAsync(Path.Combine(cellDirectory, "cell.log")), StringComparison.Ordinal);
        Assert.Equal(0, load.ByTenant.Values.Sum(o => o.Failed));
        Assert.Equal(["written on 1.4.0"], await NoteTextsAsync(stack, tenants[0].Id, "n1"));
    }

    private static int ReadPid(string cellDirectory, string endpoint) =>
        int.Parse(File.ReadAllText(Path.Combine(cellDirectory, $"notes-{new Uri(endpoint).Port}.pid")).Trim(), CultureInfo.InvariantCulture);

    private static async Task<List<string?>> NoteTextsAsync(Stack stack, string tenant, string cell)
    {
        using var read = await stack.ReadNotesAsync(tenant);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(cell, Assert.Single(read.Headers.GetValues(CellularHeaders.CellId)));
        var notes = await read.Content.ReadFromJsonAsync<JsonElement>();
        return notes.EnumerateArray().Select(n => n.GetProperty("text").GetString()).ToList();
    }

    private static async Task<bool> ExitedAsync(int pid)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(30))
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
