using System.Diagnostics;
using System.Text;

namespace Cellular.EndToEnd.Tests.Infrastructure;

/// <summary>A running <c>cellctl up</c> whose output the test reads line by line.</summary>
internal sealed class UpProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _waiters = [];
    private readonly Lock _gate = new();

    public UpProcess(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public async Task WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_output.ToString().Split('\n').Any(match))
            {
                return;
            }

            _waiters.Add((match, seen));
        }

        var finished = await Task.WhenAny(seen.Task, Process.WaitForExitAsync(), Task.Delay(timeout));
        Assert.True(finished == seen.Task, $"cellctl up did not print the expected line within {timeout.TotalSeconds:0} s (exited: {Process.HasExited}). Output:\n{Output}");
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }
}
