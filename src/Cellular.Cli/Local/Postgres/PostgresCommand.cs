using System.Diagnostics;
using System.Text;

namespace Cellular.Cli.Local.Postgres;

/// <summary>Runs one of PostgreSQL's programs (or chown) to its end and keeps what it printed, for the error message when it fails.</summary>
internal static class PostgresCommand
{
    /// <summary>The exit code and everything the program wrote to stdout and stderr.</summary>
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The caller's folder may be one the unprivileged account cannot enter (/root/...).
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PostgresServerException($"Could not run {fileName}: {e.Message}", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new PostgresServerException($"{Describe(fileName, arguments)} did not finish within {timeout.TotalSeconds:0} s. It printed:{Environment.NewLine}{Text(output)}");
        }

        // The asynchronous readers may still hold the last lines; WaitForExit() without a timeout drains them.
        process.WaitForExit();
        return new Result(process.ExitCode, Text(output));
    }

    /// <summary>The command line as a person would type it, for messages.</summary>
    public static string Describe(string fileName, IReadOnlyList<string> arguments) =>
        string.Join(' ', new[] { fileName }.Concat(arguments).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString().TrimEnd();
        }
    }
}
