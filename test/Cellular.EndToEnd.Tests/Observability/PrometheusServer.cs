using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cellular.Testing;

namespace Cellular.EndToEnd.Tests.Observability;

/// <summary>
/// A real <c>prometheus</c> running the shipped config against a <see cref="Infrastructure.Stack"/>:
/// config and rules copied into a temp directory (only the control plane's URL, the admin key's path
/// and the intervals rewritten), a free port, a temp TSDB. Its output is kept for failure messages.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private PrometheusServer(TempDirectory dir, Process process, Uri url)
    {
        _dir = dir;
        _process = process;
        Url = url;
        Client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Url { get; }

    public HttpClient Client { get; }

    /// <summary>Starts Prometheus on <paramref name="port"/> (a free one when null) and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(Uri controlPlane, string adminTokenFile, string interval = "1s", int? port = null)
    {
        var dir = new TempDirectory("prometheus");
        Directory.CreateDirectory(Path.Combine(dir.Path, "rules"));
        File.Copy(ShippedObservability.Rules, Path.Combine(dir.Path, "rules", "cellular.rules.yml"));
        var config = Path.Combine(dir.Path, "prometheus.yml");
        await File.WriteAllTextAsync(config, ShippedObservability.RewriteConfig(controlPlane, adminTokenFile, interval));
        port ??= FreePort.Next();
        var process = PrometheusTools.Start(
            "prometheus",
            dir.Path,
            $"--config.file={config}",
            $"--storage.tsdb.path={Path.Combine(dir.Path, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
            "--web.enable-lifecycle");
        var server = new PrometheusServer(dir, process, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            var watch = Stopwatch.StartNew();
            while (true)
            {
                Assert.False(process.HasExited, $"prometheus exited with {(process.HasExited ? process.ExitCode : 0)}:\n{server.Log}");
                try
                {
                    using var ready = await server.Client.GetAsync("/-/ready");
                    if (ready.IsSuccessStatusCode)
                    {
                        return server;
                    }
                }
                catch (HttpRequestException)
                {
                }

                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"prometheus not ready after 30 s:\n{server.Log}");
                await Task.Delay(200);
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>An instant query; the label sets and values of its result (an empty list for no data).</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string query)
    {
        var json = await Client.GetFromJsonAsync<JsonElement>($"/api/v1/query?query={Uri.EscapeDataString(query)}");
        Assert.Equal("success", json.GetProperty("status").GetString());
        var data = json.GetProperty("data");
        var result = new List<(IReadOnlyDictionary<string, string>, double)>();
        if (data.GetProperty("resultType").GetString() != "vector")
        {
            return result;
        }

        foreach (var sample in data.GetProperty("result").EnumerateArray())
        {
            var labels = sample.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
            var value = sample.GetProperty("value")[1].GetString()!;
            result.Add((labels, double.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
        }

        return result;
    }

    /// <summary>The scrape targets Prometheus knows and their health, for failure messages.</summary>
    public async Task<string> TargetsAsync()
    {
        try
        {
            return await Client.GetStringAsync("/api/v1/targets");
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _dir.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (_log.Length < 200_000)
            {
                _log.AppendLine(line);
            }
        }
    }
}
