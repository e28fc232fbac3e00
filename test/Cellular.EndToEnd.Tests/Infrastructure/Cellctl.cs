using System.Diagnostics;
using Cellular.Cli.Local;

namespace Cellular.EndToEnd.Tests.Infrastructure;

/// <summary>Runs the built <c>cellctl</c> as a process, as a user would, and captures what it prints.</summary>
internal static class Cellctl
{
    /// <summary>The path of <c>cellctl.dll</c>, beside the other programs in <c>artifacts/bin</c>.</summary>
    public static string Path
    {
        get
        {
            var controlPlaneDir = System.IO.Path.GetDirectoryName(ArtifactLocator.ForCurrentProcess().Locate().ControlPlane)!;
            var cellctl = System.IO.Path.GetFullPath(System.IO.Path.Combine(
                controlPlaneDir, "..", "..", "Cellular.Cli", System.IO.Path.GetFileName(controlPlaneDir), "cellctl.dll"));
            Assert.True(File.Exists(cellctl), $"cellctl is built at {cellctl}");
            return cellctl;
        }
    }

    /// <summary>Runs <c>cellctl {args}</c> to its end (at most a minute) with only the given extra environment.</summary>
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo(ArtifactLocator.ForCurrentProcess().ResolveDotnet())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Never a key from the test runner's own environment.
        info.Environment.Remove("CELLULAR_TOKEN");
        info.Environment.Remove("CELLULAR_API");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
