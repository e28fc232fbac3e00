using System.Net;
using System.Net.Http.Json;
using Cellular.Cell.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.Cell.Tests.Notes;

/// <summary>Notes.dll started with the control plane's command line, on a real Kestrel port.</summary>
public sealed class NotesProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Start_ControlPlaneCommandLine_ServesAsThatCellAndStopsCleanlyOnSigterm()
    {
        using var dataDir = new TempDirectory();
        var port = NotesProcess.FreePort();
        var cellDir = Path.Combine(dataDir.Path, "p1");
        using var notes = NotesProcess.Start(
            "--urls", $"http://127.0.0.1:{port}",
            "--Cellular:Cell:Id=p1",
            "--Cellular:Cell:Version=5.0.0",
            $"--Cellular:Cell:DataDir={cellDir}",
            "--Logging:LogLevel:Microsoft.AspNetCore=Information");
        using var client = NotesProcess.SignedClient(port, "p1");

        var health = await WaitForHealthAsync(client, notes);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/notes") { Content = JsonContent.Create(new { text = "real" }) };
        request.Headers.Add("X-Tenant-Id", "t1");
        using var created = await client.SendAsync(request);
        notes.SendSigterm();
        var exited = await notes.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(new CellHealth("Healthy", "p1", "5.0.0"), health);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(File.Exists(Path.Combine(cellDir, "notes.db")));
        Assert.True(exited, $"Notes did not stop on SIGTERM. Output:\n{notes.Output}");
        Assert.Equal(0, notes.ExitCode);
        Assert.Contains("cell:p1 tenant:t1", notes.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoCellId_ExitsWithCodeOneAndSaysWhy()
    {
        using var dataDir = new TempDirectory();
        using var notes = NotesProcess.Start(
            "--urls", $"http://127.0.0.1:{NotesProcess.FreePort()}",
            $"--Cellular:Cell:DataDir={dataDir.Path}");

        var exited = await notes.WaitForExitAsync(StartTimeout);

        Assert.True(exited, $"Notes kept running without a cell id. Output:\n{notes.Output}");
        Assert.Equal(1, notes.ExitCode);
        Assert.Contains("Notes cannot start: Cellular:Cell:Id is not set", notes.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrashFault_PoisonTenant_ProcessDiesWithNonZeroExitCode()
    {
        using var dataDir = new TempDirectory();
        var port = NotesProcess.FreePort();
        using var notes = NotesProcess.Start(
            "--urls", $"http://127.0.0.1:{port}",
            "--Cellular:Cell:Id=p2",
            $"--Cellular:Cell:DataDir={Path.Combine(dataDir.Path, "p2")}");
        using var client = NotesProcess.SignedClient(port, "p2");
        await WaitForHealthAsync(client, notes);

        using var fault = await client.PostAsJsonAsync("/_cell/faults", new { kind = "crash", durationSeconds = 60, tenants = new[] { "poison" } });
        using var healthy = await PostNoteAsync(client, "fine");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => PostNoteAsync(client, "poison"));
        var exited = await notes.WaitForExitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.Created, fault.StatusCode);
        Assert.Equal(HttpStatusCode.Created, healthy.StatusCode);
        Assert.True(exited, $"Notes kept running after the crash fault. Output:\n{notes.Output}");
        Assert.NotEqual(0, notes.ExitCode);
        Assert.Contains("crashes the cell process", notes.Output, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostNoteAsync(HttpClient client, string tenant)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/notes") { Content = JsonContent.Create(new { text = "x" }) };
        request.Headers.Add("X-Tenant-Id", tenant);
        return await client.SendAsync(request);
    }

    private static async Task<CellHealth> WaitForHealthAsync(HttpClient client, NotesProcess notes)
    {
        var deadline = TimeProvider.System.GetUtcNow() + StartTimeout;
        while (true)
        {
            try
            {
                var health = await client.GetFromJsonAsync(new Uri("/_cell/health", UriKind.Relative), CellularJsonContext.Default.CellHealth);
                return health!;
            }
            catch (HttpRequestException) when (TimeProvider.System.GetUtcNow() < deadline)
            {
                // Not listening yet: a real process takes a moment to start.
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
            catch (HttpRequestException e)
            {
                throw new TimeoutException($"Notes did not become healthy in {StartTimeout}. Output:\n{notes.Output}", e);
            }
        }
    }
}
