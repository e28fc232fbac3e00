using System.Diagnostics;

namespace Cellular.ConsoleBenchmark;

/// <summary>The real control plane (Release build) as a child process, its output in a log file, killed on dispose.</summary>
internal sealed class ControlPlaneProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ControlPlaneProcess(Process process, StreamWriter log, string logFile)
    {
        _process = process;
        _log = log;
        LogFile = logFile;
    }

    public string LogFile { get; }

    public bool HasExited => _process.HasExited;

    public static ControlPlaneProcess Start(string dll, IEnumerable<string> arguments, string logFile)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing; build the control plane in Release first (bench/console/run.sh does).", dll);
        }

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {dll}.");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ControlPlaneProcess(process, log, logFile);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
