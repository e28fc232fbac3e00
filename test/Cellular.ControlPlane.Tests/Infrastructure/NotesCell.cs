using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Cellular.Core;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Security;
using Cellular.Testing;

namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>
/// The Notes sample (<c>Notes.dll</c>, built next to this test assembly's build output) as a real
/// cell process on a loopback port, for tests that move tenants between real cells.
/// </summary>
public sealed class NotesCell : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NotesCell(string id, string endpoint, Process process, byte[] secret)
    {
        Id = id;
        Endpoint = endpoint;
        _process = process;
        Http = new HttpClient(new CellCallSigner(id, secret)) { BaseAddress = new Uri(endpoint), Timeout = TimeSpan.FromSeconds(30) };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Id { get; }

    public string Endpoint { get; }

    public HttpClient Http { get; }

    /// <summary>Where the build put Notes.dll: <c>artifacts/bin/Notes/{config}</c>, a sibling of this assembly's directory.</summary>
    public static string NotesDll
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.GetFullPath(Path.Combine(here.FullName, "..", "..", "Notes", here.Name, "Notes.dll"));
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts Notes as cell <paramref name="id"/> with its secret derived from the master key in <paramref name="masterKeyFile"/>, passed in the environment.</summary>
    public static async Task<NotesCell> StartAsync(string id, string dataDir, string masterKeyFile)
    {
        var secret = TestCredentials.SecretFromMasterFile(masterKeyFile, id);
        Assert.True(File.Exists(NotesDll), $"Notes.dll is not at {NotesDll}; build samples/Notes first.");
        var endpoint = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDir,
        };
        start.Environment["Cellular__Cell__Auth__Secret"] = CellSecrets.Encode(secret);
        foreach (var argument in new[] { NotesDll, "--urls", endpoint, $"--Cellular:Cell:Id={id}", $"--Cellular:Cell:DataDir={dataDir}", "--Logging:LogLevel:Default=Warning" })
        {
            start.ArgumentList.Add(argument);
        }

        var cell = new NotesCell(id, endpoint, Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."), secret);
        await Eventually.TrueAsync(
            async () =>
            {
                Assert.False(cell._process.HasExited, $"Notes cell {id} exited: {cell.Output}");
                try
                {
                    using var health = await cell.Http.GetAsync(new Uri("/_cell/health", UriKind.Relative));
                    return health.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            $"Notes cell {id} answering at {endpoint}",
            TimeSpan.FromSeconds(60));
        return cell;
    }

    /// <summary>A tenant request as a router sends it: <c>X-Tenant-Id</c> and, when given, <c>X-Tenant-Epoch</c>.</summary>
    public async Task<HttpResponseMessage> PostNoteAsync(string tenant, long? epoch, string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/notes") { Content = JsonContent.Create(new { text }) };
        request.Headers.Add(CellularHeaders.TenantId, tenant);
        if (epoch is not null)
        {
            request.Headers.Add(CellularHeaders.TenantEpoch, epoch.Value.ToString(CultureInfo.InvariantCulture));
        }

        return await Http.SendAsync(request);
    }

    /// <summary>Posts notes and asserts each is stored.</summary>
    public async Task WriteNotesAsync(string tenant, long? epoch, params string[] texts)
    {
        foreach (var text in texts)
        {
            using var response = await PostNoteAsync(tenant, epoch, text);
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{Id}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async Task<CellTenantView> TenantAsync(string tenant) =>
        (await Http.GetFromJsonAsync($"/_cell/tenants/{tenant}", CellularJsonContext.Default.CellTenantView))!;

    public async Task<TenantHash> HashAsync(string tenant) =>
        (await Http.GetFromJsonAsync($"/_cell/tenants/{tenant}/hash", CellularJsonContext.Default.TenantHash))!;

    /// <summary>The texts of the tenant's notes here, read through the cell contract's export (works whatever the tenant's state here).</summary>
    public async Task<List<string>> NoteTextsAsync(string tenant)
    {
        var snapshot = (await Http.GetFromJsonAsync($"/_cell/tenants/{tenant}/export", CellularJsonContext.Default.TenantSnapshot))!;
        return snapshot.Rows.Select(r => r.GetProperty("text").GetString()!).Order(StringComparer.Ordinal).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
