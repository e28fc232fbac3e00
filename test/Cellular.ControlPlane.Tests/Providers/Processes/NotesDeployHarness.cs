using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Providers;
using Cellular.ControlPlane.Providers.Processes;
using Cellular.ControlPlane.Deployments;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Tests.Providers.Processes;

/// <summary>
/// A control plane whose process cells run the real Notes sample, and the calls the blue/green
/// tests make to those cells directly (signed as the platform signs them).
/// </summary>
internal sealed class NotesDeployHarness : IAsyncDisposable
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(15);

    private readonly string _root;

    public NotesDeployHarness(string root, bool stopCellsOnShutdown = true)
    {
        Assert.True(File.Exists(NotesCell.NotesDll), $"Notes.dll is not at {NotesCell.NotesDll}; build samples/Notes first.");
        _root = root;
        App = new ControlPlaneApp(root, new Dictionary<string, string?>
        {
            ["Cellular:Process:CellCommand"] = NotesCell.NotesDll,
            ["Cellular:Process:StartTimeout"] = "00:01:00",
            ["Cellular:Process:StopTimeout"] = "00:00:10",
            ["Cellular:Process:StopCellsOnShutdown"] = stopCellsOnShutdown ? "true" : "false",
        });
        _ = App.Server;
    }

    public ControlPlaneApp App { get; }

    public ProcessCellProvider Provider => App.Services.GetRequiredService<ProcessCellProvider>();

    /// <summary>A second provider on the same cells, services and options but for <paramref name="configure"/>: another control plane's view.</summary>
    public ProcessCellProvider NewProvider(Action<ProcessProviderOptions> configure)
    {
        var current = App.Services.GetRequiredService<IOptions<ProcessProviderOptions>>().Value;
        var settings = new ProcessProviderOptions
        {
            CellCommand = current.CellCommand,
            DataDir = current.DataDir,
            PortBase = current.PortBase,
            Host = current.Host,
            StartTimeout = current.StartTimeout,
            StopTimeout = current.StopTimeout,
            StopCellsOnShutdown = current.StopCellsOnShutdown,
        };
        configure(settings);
        return new ProcessCellProvider(
            Options.Create(settings),
            App.Services.GetRequiredService<CellProbe>(),
            App.Services.GetRequiredService<CellKeys>(),
            TimeProvider.System,
            App.Services.GetRequiredService<ILogger<ProcessCellProvider>>());
    }

    /// <summary>Creates a process cell through the API and returns it as stored.</summary>
    public async Task<Cell> CreateCellAsync(string id, string version = "1.0.0")
    {
        using var client = App.Client();
        using var created = await client.PostJsonAsync("/api/v1/cells", $$"""{"id":"{{id}}","version":"{{version}}"}""");
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return await CellAsync(id);
    }

    public async Task<Cell> CellAsync(string id) =>
        (await App.Services.GetRequiredService<IStoreDatabase>().ReadAsync(tx => App.Services.GetRequiredService<CellStore>().GetAsync(tx, id), CancellationToken.None))!.Cell;

    /// <summary>What the control plane's deployer does once a staged release is healthy: the cell runs it at <paramref name="endpoint"/> from now on.</summary>
    public async Task<Cell> SwitchAsync(string id, CellRelease release, string endpoint) =>
        (await App.Services.GetRequiredService<DeploymentTransitions>().SwitchCellReleaseAsync(id, release, endpoint, "test", null, CancellationToken.None)).Value.Cell;

    public string DataDirectory(string id) => Path.Combine(App.CellsDirectory, id);

    /// <summary>A client for cell <paramref name="id"/>'s process at <paramref name="endpoint"/>.</summary>
    public HttpClient Client(string id, string endpoint) =>
        new(new CellCallSigner(id, TestCredentials.SecretFor(_root, id))) { BaseAddress = new Uri(endpoint), Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<CellInfo> InfoAsync(HttpClient cell) =>
        (await cell.GetFromJsonAsync("/_cell/info", CellularJsonContext.Default.CellInfo))!;

    public static async Task<HttpStatusCode> HealthAsync(HttpClient cell)
    {
        using var response = await cell.GetAsync(new Uri("/_cell/health", UriKind.Relative));
        return response.StatusCode;
    }

    /// <summary>A tenant request as a router sends it (epoch 1, signed with an assertion).</summary>
    public static async Task<HttpResponseMessage> PostNoteAsync(HttpClient cell, string tenant, string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/notes") { Content = JsonContent.Create(new { text }) };
        request.Headers.Add(CellularHeaders.TenantId, tenant);
        request.Headers.Add(CellularHeaders.TenantEpoch, "1");
        return await cell.SendAsync(request);
    }

    public static async Task WriteNoteAsync(HttpClient cell, string tenant, string text)
    {
        using var response = await PostNoteAsync(cell, tenant, text);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{cell.BaseAddress}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The tenant's note texts as the process at <paramref name="cell"/> reads them from the cell's store.</summary>
    public static async Task<List<string>> NoteTextsAsync(HttpClient cell, string tenant)
    {
        var snapshot = (await cell.GetFromJsonAsync($"/_cell/tenants/{tenant}/export", CellularJsonContext.Default.TenantSnapshot))!;
        return snapshot.Rows.Select(r => r.GetProperty("text").GetString()!).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The arguments a process was started with, from <c>/proc/{pid}/cmdline</c>.</summary>
    public static string[] CommandLine(int pid) =>
        File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    public static async Task<bool> ExitedAsync(int pid)
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

    public static bool IsRunning(int pid)
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

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
