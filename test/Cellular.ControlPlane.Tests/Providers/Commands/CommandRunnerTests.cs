using System.Diagnostics;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Providers.Commands;
using Cellular.Testing;

namespace Cellular.ControlPlane.Tests.Providers.Commands;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CommandRunnerTests : IDisposable
{
    private readonly TempDirectory _root = new("cp-command-runner");
    private readonly CommandRunner _runner = new(TimeProvider.System);

    private string LogPath => _root.Combine("cell.log");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task RunAsync_Succeeds_KeepsStdoutAndLogsBothStreamsWithTheEnvironment()
    {
        var result = await _runner.RunAsync(Run("echo starting >&2; echo \"cell=$CELLULAR_CELL_ID in $(pwd)\"; echo http://127.0.0.1:5300"), CancellationToken.None);

        Assert.Equal([$"cell=n1 in {_root.Path}", "http://127.0.0.1:5300"], result.Output);
        var log = await File.ReadAllTextAsync(LogPath);
        Assert.Contains("cell n1: app create:", log, StringComparison.Ordinal);
        Assert.Contains("starting\n", log, StringComparison.Ordinal);
        Assert.Contains("app create exited with code 0", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NonZeroExit_NamesComponentTargetCodeAndTail()
    {
        var error = await Assert.ThrowsAsync<CellStartException>(() => _runner.RunAsync(Run("echo 'disk full' >&2; exit 7"), CancellationToken.None));

        Assert.Contains("The create command of component 'app'", error.Message, StringComparison.Ordinal);
        Assert.Contains("exit code 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("disk full", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Timeout_KillsTheWholeProcessGroup()
    {
        var pidFile = _root.Combine("child.pid");
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<CellStartException>(() => _runner.RunAsync(
            Run($"sleep 300 & echo $! > '{pidFile}'; echo waiting; wait", timeout: TimeSpan.FromSeconds(1)), CancellationToken.None));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        Assert.Contains("did not finish within 1 s and was killed", error.Message, StringComparison.Ordinal);
        Assert.Contains("waiting", error.Message, StringComparison.Ordinal);
        Assert.True(await ExitedAsync(int.Parse(await File.ReadAllTextAsync(pidFile))), "the command's child still runs");
    }

    [Fact]
    public async Task RunAsync_BackgroundProcessHoldsStdout_ReturnsAfterTheDrainTime()
    {
        var pidFile = _root.Combine("child.pid");
        var watch = Stopwatch.StartNew();

        var result = await _runner.RunAsync(Run($"setsid sleep 30 & echo $! > '{pidFile}'; echo http://127.0.0.1:5300"), CancellationToken.None);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
        Assert.Equal(["http://127.0.0.1:5300"], result.Output);
        using var child = Process.GetProcessById(int.Parse(await File.ReadAllTextAsync(pidFile)));
        child.Kill();
    }

    [Fact]
    public async Task RunAsync_MissingDirectory_CannotStart()
    {
        var run = Run("true") with { Directory = _root.Combine("gone") };

        var error = await Assert.ThrowsAsync<CellStartException>(() => _runner.RunAsync(run, CancellationToken.None));

        Assert.Contains("could not be started", error.Message, StringComparison.Ordinal);
    }

    private CommandInvocation Run(string command, TimeSpan? timeout = null) =>
        new("n1", "app", CommandTargets.Create, command, _root.Path, timeout ?? TimeSpan.FromSeconds(30), new Dictionary<string, string> { ["CELLULAR_CELL_ID"] = "n1" }, LogPath);

    private static async Task<bool> ExitedAsync(int pid)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                if (process.HasExited)
                {
                    return true;
                }
            }
            catch (ArgumentException)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
