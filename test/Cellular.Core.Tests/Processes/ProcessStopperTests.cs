using System.Diagnostics;
using Cellular.Core.Processes;

namespace Cellular.Core.Tests.Processes;

/// <summary>Real child processes (POSIX sh): the shared SIGTERM-then-kill loop.</summary>
public sealed class ProcessStopperTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task StopAsync_ProcessHandlesSigterm_Terminated()
    {
        using var process = Shell("trap 'exit 0' TERM; echo ready; while true; do sleep 0.05; done");
        await WaitForReadyAsync(process);
        var expired = false;

        var outcome = await ProcessStopper.StopAsync(process, Patience, TimeProvider.System, () => expired = true);

        Assert.Equal(ProcessStopOutcome.Terminated, outcome);
        Assert.True(process.HasExited);
        Assert.Equal(0, process.ExitCode);
        Assert.False(expired);
    }

    [Fact]
    public async Task StopAsync_ProcessIgnoresSigterm_KilledAfterGracePeriod()
    {
        using var process = Shell("trap '' TERM; echo ready; while true; do sleep 0.05; done");
        await WaitForReadyAsync(process);
        var expired = 0;

        var outcome = await ProcessStopper.StopAsync(process, TimeSpan.FromMilliseconds(300), TimeProvider.System, () => expired++);

        Assert.Equal(ProcessStopOutcome.Killed, outcome);
        Assert.True(process.HasExited);
        Assert.Equal(137, process.ExitCode);
        Assert.Equal(1, expired);
    }

    [Fact]
    public async Task StopAsync_ProcessAlreadyEnded_AlreadyExited()
    {
        using var process = Shell("exit 3");
        await process.WaitForExitAsync().WaitAsync(Patience);

        var outcome = await ProcessStopper.StopAsync(process, Patience, TimeProvider.System);

        Assert.Equal(ProcessStopOutcome.AlreadyExited, outcome);
    }

    [Fact]
    public void TrySend_NoSuchProcess_False()
    {
        Assert.False(PosixSignals.TryTerminate(int.MaxValue));
    }

    private static Process Shell(string script)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        return Process.Start(start) ?? throw new InvalidOperationException("sh did not start");
    }

    /// <summary>Waits until the script has set its trap (it prints <c>ready</c> after).</summary>
    private static async Task WaitForReadyAsync(Process process)
    {
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(Patience);
        Assert.Equal("ready", line);
    }
}
