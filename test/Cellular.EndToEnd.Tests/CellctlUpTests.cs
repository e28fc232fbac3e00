using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Cellular.Cli.Local;
using Cellular.Core;
using Cellular.EndToEnd.Tests.Infrastructure;
using Cellular.Testing;

namespace Cellular.EndToEnd.Tests;

/// <summary>
/// The real <c>cellctl up</c>: prints ready and where the admin key is, stops everything on Ctrl+C
/// (cells created while it ran too), and keeps data and keys across runs.
/// </summary>
public sealed class CellctlUpTests : IDisposable
{
    private readonly TempDirectory _dir = new("cellctl-up");
    private readonly int _routerPort = FreePort.Next();
    private readonly int _apiPort = FreePort.Next();
    // Below the kernel's ephemeral range (32768 up), where outgoing connections take ports.
    private readonly int _cellPortBase = 20000 + Random.Shared.Next(0, 120) * 100;

    [Fact]
    public async Task Up_PrintsReady_StopsOnCtrlC_AndKeepsTenantsAndNotesAcrossRestart()
    {
        Uri lateCell;
        string firstKey;
        using (var first = await StartUpAsync())
        {
            var keyFile = Path.Combine(_dir.Path, "admin-token");
            Assert.Contains($"admin key: {keyFile}", first.Output, StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            }

            firstKey = (await File.ReadAllTextAsync(keyFile)).Trim();
            using var api = AdminClient(firstKey);
            using var router = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_routerPort}") };
            using (var anonymous = new HttpClient { BaseAddress = api.BaseAddress })
            using (var refused = await anonymous.GetAsync("/api/v1/cells"))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            }

            var cells = await api.GetFromJsonAsync<JsonElement>("/api/v1/cells");
            Assert.Equal(2, cells.GetArrayLength());

            // A cell created while `up` runs (issue 10, item 9): `up` must stop it too.
            using var createdCell = await api.PostAsJsonAsync("/api/v1/cells", new { id = "late", provider = "process" });
            Assert.Equal(HttpStatusCode.Created, createdCell.StatusCode);
            lateCell = new Uri((await createdCell.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("endpoint").GetString()!);
            Assert.True(IsListening(lateCell.Port), "the late cell runs");

            using var created = await api.PostAsJsonAsync("/api/v1/tenants", new { id = "acme" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            await WaitForRouterTableAsync(router, api);
            using var write = await SendAsync(router, HttpMethod.Post, new { text = "survives restarts" });
            Assert.Equal(HttpStatusCode.Created, write.StatusCode);

            await StopWithCtrlCAsync(first);
        }

        Assert.False(IsListening(_routerPort), "router stopped");
        Assert.False(IsListening(_apiPort), "control plane stopped");
        Assert.False(IsListening(_cellPortBase), "first cell stopped");
        Assert.False(IsListening(lateCell.Port), "the cell created after up started was stopped too");

        using (var second = await StartUpAsync())
        {
            var key = (await File.ReadAllTextAsync(Path.Combine(_dir.Path, "admin-token"))).Trim();
            Assert.Equal(firstKey, key);
            using var router = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_routerPort}") };
            using var api = AdminClient(key);
            var cells = await api.GetFromJsonAsync<JsonElement>("/api/v1/cells");
            Assert.Equal(3, cells.GetArrayLength());
            using var read = await SendAsync(router, HttpMethod.Get);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            var notes = await read.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("survives restarts", Assert.Single(notes.EnumerateArray()).GetProperty("text").GetString());

            await StopWithCtrlCAsync(second);
        }
    }

    private HttpClient AdminClient(string key)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_apiPort}") };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient router, HttpMethod method, object? body = null)
    {
        var request = new HttpRequestMessage(method, "/notes");
        request.Headers.Add(CellularHeaders.TenantId, "acme");
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await router.SendAsync(request);
    }

    private static async Task WaitForRouterTableAsync(HttpClient router, HttpClient api)
    {
        var expected = (await api.GetFromJsonAsync<JsonElement>("/api/v1/health")).GetProperty("tableVersion").GetInt64();
        var watch = Stopwatch.StartNew();
        while ((await router.GetFromJsonAsync<JsonElement>("/_router/health")).GetProperty("tableVersion").GetInt64() < expected)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "router caught up");
            await Task.Delay(50);
        }
    }

    private async Task<UpProcess> StartUpAsync()
    {
        // cellctl's own build output: artifacts/bin/Cellular.Cli/<config>/cellctl.dll, beside the others.
        var locator = ArtifactLocator.ForCurrentProcess();
        var controlPlaneDir = Path.GetDirectoryName(locator.Locate().ControlPlane)!;
        var cellctl = Path.GetFullPath(Path.Combine(controlPlaneDir, "..", "..", "Cellular.Cli", Path.GetFileName(controlPlaneDir), "cellctl.dll"));
        Assert.True(File.Exists(cellctl), $"cellctl is built at {cellctl}");
        var info = new ProcessStartInfo(locator.ResolveDotnet())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { cellctl, "up", "--cells", "2", "--data-dir", _dir.Path, "--router-port", $"{_routerPort}", "--api-port", $"{_apiPort}", "--cell-port-base", $"{_cellPortBase}" })
        {
            info.ArgumentList.Add(arg);
        }

        var up = new UpProcess(Posix.StartWithSigIntDefault(info));
        await up.WaitForLineAsync(line => line.Contains("ready", StringComparison.OrdinalIgnoreCase), TimeSpan.FromSeconds(120));
        return up;
    }

    private static async Task StopWithCtrlCAsync(UpProcess up)
    {
        Assert.Equal(0, Posix.Kill(up.Process.Id, Posix.SigInt));

        // A clean stop takes a second or two; cellctl allows each process 10 s after SIGTERM
        // (router, control plane, then any leftover cell) before it kills it.
        var started = Stopwatch.StartNew();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await up.Process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"cellctl up still running {started.Elapsed.TotalSeconds:F0} s after Ctrl+C:\n{up.Output}");
        }

        Assert.True(up.Process.ExitCode == 0, $"cellctl up exited with {up.Process.ExitCode} after {started.Elapsed.TotalSeconds:F0} s:\n{up.Output}");
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose() => _dir.Dispose();
}
