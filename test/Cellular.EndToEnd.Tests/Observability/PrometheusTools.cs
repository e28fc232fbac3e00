using System.ComponentModel;
using System.Diagnostics;

namespace Cellular.EndToEnd.Tests.Observability;

/// <summary>
/// Runs Debian's <c>promtool</c> and <c>prometheus</c> (on <c>PATH</c>; <c>.ci/run</c> installs
/// them). A missing binary fails the test: the shipped files are only as good as the check that
/// Prometheus itself accepts them.
/// </summary>
internal static class PrometheusTools
{
    /// <summary>Starts <paramref name="program"/>; fails the test with how to install it when it is not there.</summary>
    public static Process Start(string program, string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"'{program}' is not installed ({e.Message}); install Debian's prometheus package (apt-get install prometheus), as .ci/run does.");
            throw;
        }
    }

    /// <summary>Runs promtool to its end; returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> PromtoolAsync(string workingDirectory, params string[] arguments)
    {
        using var process = Start("promtool", workingDirectory, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
