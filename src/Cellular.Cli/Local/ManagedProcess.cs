using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cellular.Core.Processes;

namespace Cellular.Cli.Local;

/// <summary>
/// A child process of the local stack (control plane, router): started with its output
/// appended to a log file, stopped politely (SIGTERM, then kill after a grace period), and
/// restartable with the same arguments after it ended, so tests can kill and revive one part.
/// </summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private const int LogTailBytes = 64 * 1024;
    private static readonly TimeSpan OutputDrainLimit = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly Lock _logGate = new();
    private StreamWriter? _log;
    private volatile Run? _run;

    /// <summary>Creates the handle; nothing runs until <see cref="Start"/>.</summary>
    public ManagedProcess(ManagedProcessStartInfo startInfo, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        StartInfo = startInfo;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Raised (on a thread-pool thread) each time the process ends, once its output has been written to the log.</summary>
    public event EventHandler<ManagedProcessExitedEventArgs>? Exited;

    /// <summary>What runs on every start.</summary>
    public ManagedProcessStartInfo StartInfo { get; }

    /// <summary>The name for people, e.g. <c>router</c>.</summary>
    public string Name => StartInfo.Name;

    /// <summary>Where stdout and stderr go (appended).</summary>
    public string LogFile => StartInfo.LogFile;

    /// <summary>Id of the current (or last) process; null before the first start.</summary>
    public int? ProcessId => _run?.ProcessId;

    /// <summary>True when the process was never started or has ended.</summary>
    public bool HasExited => _run is not { } run || run.Exit.Task.IsCompleted;

    /// <summary>Exit code of the last process once it ended; null while running or never started.</summary>
#pragma warning disable RS0030 // Task<T>.Result: read only once the task has completed, in a synchronous property.
    public int? ExitCode => _run is { } run && run.Exit.Task.IsCompletedSuccessfully ? run.Exit.Task.Result : null;
#pragma warning restore RS0030

    /// <summary>Starts the process; throws if it is already running.</summary>
    /// <exception cref="InvalidOperationException">Already running, or the executable cannot be started.</exception>
    public void Start()
    {
        lock (_gate)
        {
            if (!HasExited)
            {
                throw new InvalidOperationException($"The {Name} is already running (pid {ProcessId}).");
            }

            _run?.Process.Dispose();
            _log ??= OpenLog();

            var process = new Process { StartInfo = CreateStartInfo(), EnableRaisingEvents = true };
            var run = new Run(process);
            process.OutputDataReceived += (_, e) => WriteLogLine(e.Data);
            process.ErrorDataReceived += (_, e) => WriteLogLine(e.Data);
            process.Exited += (_, _) => _ = OnExitedAsync(run);

            WriteLogLine($"--- {Timestamp()} starting {Name}: {StartInfo.CommandLine}");
            try
            {
                process.Start();
            }
            catch (Win32Exception ex)
            {
                process.Dispose();
                throw new InvalidOperationException($"Cannot start the {Name} ({StartInfo.FileName}): {ex.Message}", ex);
            }

            run.ProcessId = process.Id;
            WriteLogLine($"--- {Name} is pid {process.Id}");
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _run = run;
            run.Started.TrySetResult();
        }
    }

    /// <summary>Waits until the current process has ended and returns its exit code.</summary>
    public Task<int> WaitForExitAsync(CancellationToken cancellationToken = default) =>
        _run is { } run ? run.Exit.Task.WaitAsync(cancellationToken) : throw new InvalidOperationException($"The {Name} was never started.");

    /// <summary>
    /// Asks the process to stop (SIGTERM, which ASP.NET Core treats as a graceful shutdown), waits
    /// up to <paramref name="gracePeriod"/>, then kills it with its whole process tree.
    /// Returns at once when it is not running.
    /// </summary>
    public async Task StopGracefullyAsync(TimeSpan gracePeriod, CancellationToken cancellationToken = default)
    {
        if (_run is not { } run || run.Exit.Task.IsCompleted)
        {
            return;
        }

        run.Requested = true;
        await ProcessStopper.StopAsync(
            run.Process,
            gracePeriod,
            _timeProvider,
            () => WriteLogLine($"--- {Timestamp()} {Name} did not stop within {gracePeriod.TotalSeconds:0} s; killing it"),
            cancellationToken);

        // The exit handler has logged the exit line and set the exit code once this completes.
        await run.Exit.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Kills the process at once (SIGKILL), like a crash; returns without waiting, see
    /// <see cref="WaitForExitAsync"/>. With <paramref name="entireProcessTree"/> false (the default)
    /// the processes it started (a control plane's cells) keep running, as they would after a real crash.
    /// </summary>
    public void Kill(bool entireProcessTree = false)
    {
        if (_run is not { } run || run.Exit.Task.IsCompleted)
        {
            return;
        }

        run.Requested = true;
        try
        {
            run.Process.Kill(entireProcessTree);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own in the meantime.
        }
        catch (Win32Exception)
        {
            // Same: the process is gone or no longer ours to signal.
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of the log file, for error messages.</summary>
    public string ReadLogTail(int lines = 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lines);
        if (!File.Exists(LogFile))
        {
            return string.Empty;
        }

        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(Math.Max(0, stream.Length - LogTailBytes), SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var all = reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        while (all.Count > 0 && all[^1].Length == 0)
        {
            all.RemoveAt(all.Count - 1);
        }

        return string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Count - lines)));
    }

    /// <summary>Kills the process tree if it still runs (call <see cref="StopGracefullyAsync"/> first for a clean stop) and closes the log.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_run is { } run)
        {
            if (!run.Exit.Task.IsCompleted)
            {
                Kill(entireProcessTree: true);
                try
                {
                    await run.Exit.Task.WaitAsync(TimeSpan.FromSeconds(10), _timeProvider);
                }
                catch (TimeoutException)
                {
                    // Killed but not reaped in time; nothing more can be done from here.
                }
            }

            run.Process.Dispose();
        }

        lock (_logGate)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private ProcessStartInfo CreateStartInfo()
    {
        var info = new ProcessStartInfo(StartInfo.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (StartInfo.WorkingDirectory is { } workingDirectory)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in StartInfo.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in StartInfo.Environment)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    private StreamWriter OpenLog()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(LogFile))!);
        var stream = new FileStream(LogFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        return new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
    }

    private void WriteLogLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logGate)
        {
            _log?.WriteLine(line);
        }
    }

    private string Timestamp() => _timeProvider.GetUtcNow().ToString("u", CultureInfo.InvariantCulture);

    private async Task OnExitedAsync(Run run)
    {
        // A process that ends at once can raise Exited before Start has begun reading its output;
        // waiting for the output's end then would return at once and the exit line would land
        // before the process's own lines.
        await run.Started.Task;

        // Let the output readers reach the end of the pipes so the log is complete, but do not wait
        // forever: grandchildren (cells) may have inherited the pipes and keep them open.
        using (var drain = new CancellationTokenSource(OutputDrainLimit, _timeProvider))
        {
            try
            {
                await run.Process.WaitForExitAsync(drain.Token);
            }
            catch (OperationCanceledException)
            {
                // Output still open; the exit itself has happened.
            }
        }

        var exitCode = run.Process.ExitCode;
        var processId = run.Process.Id;
        WriteLogLine($"--- {Timestamp()} {Name} (pid {processId}) exited with code {exitCode}");
        run.Exit.TrySetResult(exitCode);
        Exited?.Invoke(this, new ManagedProcessExitedEventArgs(Name, processId, exitCode, run.Requested));
    }

    /// <summary>One start of the process.</summary>
    private sealed class Run(Process process)
    {
        public Process Process { get; } = process;

        public TaskCompletionSource<int> Exit { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Set once Start has begun reading the process's output.</summary>
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private volatile bool _requested;

        public int ProcessId { get; set; }

        /// <summary>True once someone asked the process to end (stop or kill).</summary>
        public bool Requested
        {
            get => _requested;
            set => _requested = value;
        }
    }
}
