using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Providers.Processes;

namespace Cellular.ControlPlane.Providers.Commands;

/// <summary>
/// Runs one command of a <c>command</c> cell: <c>/bin/sh -c</c> in the template's directory, in a
/// process group of its own, stdin empty, stdout and stderr appended line by line to the cell's
/// log (stdout is also kept, to read the endpoint from), killed with its group after its timeout.
/// A command that cannot start, times out or exits with another code than 0 is a
/// <see cref="CellStartException"/> naming the component, the target, the exit code and the log's tail.
/// </summary>
internal sealed class CommandRunner(TimeProvider time)
{
    /// <summary>
    /// How long output is still read after the command exited. A process the command left running
    /// with its output on our pipe (instead of a file) would otherwise hold us forever.
    /// </summary>
    public static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);

    public async Task<CommandResult> RunAsync(CommandInvocation run, CancellationToken cancellationToken)
    {
        var what = $"The {run.Target} command of component '{run.Component}' ({run.Command})";
        long logStart;
        try
        {
            logStart = CellLog.Append(run.LogPath, $"--- {time.GetUtcNow():O} cell {run.Cell}: {run.Component} {run.Target}: {run.Command}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CellStartException($"Its log {run.LogPath} cannot be written: {e.Message}", e);
        }

        var start = ProcessGroups.Shell(run.Command);
        start.WorkingDirectory = run.Directory;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var (name, value) in run.Environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("The operating system did not start it.");
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            CellLog.Append(run.LogPath, $"--- could not start: {e.Message}");
            throw new CellStartException($"{what} could not be started in {run.Directory}: {e.Message}", e);
        }

        using (process)
        {
            process.StandardInput.Close();
            var output = new List<string>();

            // One writer at a time: appends seek to the end and write, so two pumps writing at
            // once could land on the same offset and one line would overwrite the other.
            var log = new object();
            var stdout = PumpAsync(process.StandardOutput, run.LogPath, output, log);
            var stderr = PumpAsync(process.StandardError, run.LogPath, null, log);
            var started = time.GetTimestamp();
            using var deadline = new CancellationTokenSource(run.Timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            try
            {
                await process.WaitForExitAsync(linked.Token);
            }
            catch (OperationCanceledException)
            {
                ProcessGroups.Kill(process);
                await WaitForExitAsync(process);
                var reason = cancellationToken.IsCancellationRequested
                    ? "was cancelled"
                    : $"did not finish within {run.Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";
                lock (log)
                {
                    CellLog.Append(run.LogPath, $"--- {run.Component} {run.Target} {reason}; killed");
                }

                cancellationToken.ThrowIfCancellationRequested();
                throw new CellStartException($"{what} {reason} and was killed.{Tail(run.LogPath, logStart)}");
            }

            // Stdout and stderr end when the last process holding them closes them; give them a moment.
            await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(DrainTime, time, CancellationToken.None));
            var elapsed = time.GetElapsedTime(started);
            var code = process.ExitCode;
            lock (log)
            {
                CellLog.Append(run.LogPath, $"--- {run.Component} {run.Target} exited with code {code} after {elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
            }

            if (code != 0)
            {
                throw new CellStartException($"{what} failed with exit code {code}.{Tail(run.LogPath, logStart)}");
            }

            lock (output)
            {
                return new CommandResult([.. output], elapsed);
            }
        }
    }

    /// <summary>The log written since <paramref name="from"/>, for an error message.</summary>
    public static string Tail(string logPath, long from)
    {
        var tail = CellLog.Tail(logPath, from);
        return tail.Length == 0 ? $" Nothing was written to {logPath}." : $" Last output in {logPath}:\n{tail}";
    }

    private static async Task PumpAsync(StreamReader reader, string logPath, List<string>? lines, object log)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (lines is not null)
                {
                    lock (lines)
                    {
                        lines.Add(line);
                    }
                }

                lock (log)
                {
                    CellLog.Append(logPath, line);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The pipe or the log went away; what was read is kept.
        }
    }

    private async Task WaitForExitAsync(Process process)
    {
        using var wait = new CancellationTokenSource(KillWait, time);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            // Stuck in the kernel; it is reported as killed all the same.
        }
    }
}
