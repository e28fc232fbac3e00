using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cellular.Cell.Tests.Infrastructure;

/// <summary>
/// <c>Notes.dll</c> as a real process, started the way the control plane starts a cell, with
/// its console output collected for assertions.
/// </summary>
internal sealed class NotesProcess : IDisposable
{
    public const string SecretVariable = "Cellular__Cell__Auth__Secret";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NotesProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
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

    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts Notes with the test secret in <c>Cellular__Cell__Auth__Secret</c>, as the control plane passes it.</summary>
    public static NotesProcess Start(params string[] arguments) =>
        StartWith(new Dictionary<string, string?> { [SecretVariable] = CellSigner.Secret }, arguments);

    /// <summary>Starts Notes with exactly <paramref name="environment"/> added to (or, for null values, removed from) this process's environment.</summary>
    public static NotesProcess StartWith(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment.Remove(SecretVariable);
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Notes.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new NotesProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
    }

    /// <summary>A client of the Notes process on <paramref name="port"/> that signs like the router and control plane for cell <paramref name="cellId"/>.</summary>
    public static HttpClient SignedClient(int port, string cellId) =>
        new(new SigningHandler(new CellSigner(cellId)) { InnerHandler = new HttpClientHandler() }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Asks the process to stop the way an orchestrator does.</summary>
    public void SendSigterm()
    {
        using var kill = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
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
