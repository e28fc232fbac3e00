namespace Cellular.Cli.Local;

/// <summary>What a <see cref="ManagedProcess"/> runs; the same on every (re)start.</summary>
/// <param name="Name">Name for people, e.g. <c>control plane</c>.</param>
/// <param name="FileName">Executable to run.</param>
/// <param name="Arguments">Arguments, passed without any shell quoting.</param>
/// <param name="LogFile">File the process's stdout and stderr are appended to.</param>
public sealed record ManagedProcessStartInfo(string Name, string FileName, IReadOnlyList<string> Arguments, string LogFile)
{
    /// <summary>Working directory; null = the current one.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Environment variables set on top of the inherited ones.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The command line as a person would type it, for logs and messages.</summary>
    public string CommandLine => string.Join(' ', new[] { FileName }.Concat(Arguments).Select(Quote));

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => !char.IsWhiteSpace(c) && c is not '"' and not '\'') ? value : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
