using Cellular.Cli.Local;
using Cellular.Cli.Tests.Infrastructure;

namespace Cellular.Cli.Tests.Local;

/// <summary>
/// Real child processes (POSIX sh): start, logs, SIGTERM, kill, restart. Scripts print markers
/// like <c>ready-$((40+2))</c> so the marker (ready-42) is not found in the logged command line itself.
/// </summary>
public sealed class ManagedProcessTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task StopGracefullyAsync_ProcessHandlesSigterm_ExitsCleanlyAndLogsOutput()
    {
        await using var process = Shell("trap 'echo term-$((40+2)); exit 0' TERM; echo ready-$((40+2)); while true; do sleep 0.05; done");
        var exited = new TaskCompletionSource<ManagedProcessExitedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, e) => exited.TrySetResult(e);
        process.Start();
        await WaitForLogAsync(process, "ready-42");

        await process.StopGracefullyAsync(Patience);

        var args = await exited.Task.WaitAsync(Patience);
        Assert.Equal(0, process.ExitCode);
        Assert.True(args.Requested);
        Assert.True(process.HasExited);
        Assert.Contains("term-42", File.ReadAllText(process.LogFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopGracefullyAsync_ProcessIgnoresSigterm_KilledAfterGracePeriod()
    {
        await using var process = Shell("trap '' TERM; echo ready-$((40+2)); while true; do sleep 0.05; done");
        process.Start();
        await WaitForLogAsync(process, "ready-42");

        await process.StopGracefullyAsync(TimeSpan.FromMilliseconds(300));

        Assert.True(process.HasExited);
        Assert.Equal(137, process.ExitCode);
        Assert.Contains("did not stop within", File.ReadAllText(process.LogFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exited_ProcessEndsOnItsOwn_ReportsNotRequested()
    {
        await using var process = Shell("echo bye-$((40+2)); echo oops-$((40+2)) >&2; exit 3");
        var exited = new TaskCompletionSource<ManagedProcessExitedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, e) => exited.TrySetResult(e);

        process.Start();

        var args = await exited.Task.WaitAsync(Patience);
        Assert.False(args.Requested);
        Assert.Equal(3, args.ExitCode);
        var log = File.ReadAllText(process.LogFile);
        Assert.Contains("bye-42", log, StringComparison.Ordinal);
        Assert.Contains("oops-42", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AfterKill_RestartsWithNewPidAndAppendsLog()
    {
        await using var process = Shell("echo ready-$((40+2)); while true; do sleep 0.05; done");
        process.Start();
        var first = process.ProcessId;
        await WaitForLogAsync(process, "ready-42");

        process.Kill();
        Assert.Equal(137, await process.WaitForExitAsync().WaitAsync(Patience));
        process.Start();
        await WaitForLogAsync(process, "ready-42", occurrences: 2);

        Assert.NotEqual(first, process.ProcessId);
        Assert.False(process.HasExited);
        await process.StopGracefullyAsync(Patience);
    }

    [Fact]
    public async Task Start_WhileRunning_Throws()
    {
        await using var process = Shell("while true; do sleep 0.05; done");
        process.Start();

        Assert.Throws<InvalidOperationException>(process.Start);

        await process.StopGracefullyAsync(Patience);
    }

    [Fact]
    public async Task Start_MissingExecutable_ThrowsWithName()
    {
        await using var process = new ManagedProcess(new ManagedProcessStartInfo("ghost", _directory.Combine("no-such-program"), [], _directory.Combine("ghost.log")));

        var ex = Assert.Throws<InvalidOperationException>(process.Start);

        Assert.Contains("Cannot start the ghost", ex.Message, StringComparison.Ordinal);
        Assert.True(process.HasExited);
    }

    [Fact]
    public async Task ReadLogTail_ManyLines_ReturnsTheLastOnes()
    {
        await using var process = Shell("i=1; while [ $i -le 50 ]; do echo line-$i; i=$((i+1)); done");
        process.Start();
        await process.WaitForExitAsync().WaitAsync(Patience);

        var tail = process.ReadLogTail(3).Split(Environment.NewLine);

        Assert.Equal("line-50", tail[1]);
        Assert.Contains("exited with code 0", tail[2], StringComparison.Ordinal);
    }

    private ManagedProcess Shell(string script) =>
        new(new ManagedProcessStartInfo("test process", "/bin/sh", ["-c", script], _directory.Combine("logs", "test.log")));

    private static async Task WaitForLogAsync(ManagedProcess process, string text, int occurrences = 1)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (CountOccurrences(process.ReadLogTail(1000), text) < occurrences)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private static int CountOccurrences(string haystack, string needle)
    {
        var count = 0;
        for (var i = haystack.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = haystack.IndexOf(needle, i + needle.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
