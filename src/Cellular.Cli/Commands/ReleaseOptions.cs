using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Cellular.Cli.Commands;

/// <summary>
/// What a release is made of on the command line: the version argument, <c>--artifact PATH</c>
/// (made absolute, because the control plane resolves it from its own working directory) and
/// <c>--config key=value</c> (repeatable). Checked here with the control plane's own rules, so a
/// typo fails before anything is deployed.
/// </summary>
internal static partial class ReleaseOptions
{
    /// <summary>Longest version the control plane accepts.</summary>
    public const int MaxVersionLength = 64;

    /// <summary>The release's version: 1–64 letters, digits and <c>.-+_</c>.</summary>
    public static Argument<string> Version(string description)
    {
        var argument = new Argument<string>("version") { Description = description };
        argument.Validators.Add(result =>
        {
            if (result.Tokens is [var token, ..] && DescribeInvalidVersion(token.Value) is { } problem)
            {
                result.AddError(problem);
            }
        });
        return argument;
    }

    /// <summary>Why <paramref name="version"/> is not a version the control plane accepts; null when it is.</summary>
    public static string? DescribeInvalidVersion(string? version) =>
        string.IsNullOrEmpty(version) ? "The version is empty; give e.g. 2.0.0."
        : version.Length > MaxVersionLength ? $"The version is {version.Length} characters long; at most {MaxVersionLength} are allowed."
        : VersionPattern().IsMatch(version) ? null
        : $"The version '{version}' may only contain letters, digits and '.', '-', '+', '_'.";

    /// <summary>
    /// <c>--artifact</c>: a local program (executable or <c>.dll</c>) or folder that must exist and is
    /// sent as an absolute path; a URI (<c>scheme://…</c>, e.g. an image for a <c>command</c> cell's
    /// deploy script) is sent unchanged.
    /// </summary>
    public static Option<string> Artifact(string description)
    {
        var option = new Option<string>("--artifact") { Description = description, HelpName = "path" };
        option.CustomParser = result => result.Tokens is [var token, ..] ? ResolveArtifact(result, token.Value) : null;
        return option;
    }

    /// <summary>The artifact to send for <paramref name="text"/>, or null with an error on <paramref name="result"/>.</summary>
    public static string? ResolveArtifact(ArgumentResult result, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            result.AddError("--artifact is empty; give the path of the program the cells should run.");
            return null;
        }

        if (UriPattern().IsMatch(text))
        {
            return text;
        }

        string full;
        try
        {
            full = Path.GetFullPath(text);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            result.AddError($"--artifact: '{text}' is not a valid path ({ex.Message}).");
            return null;
        }

        if (!File.Exists(full) && !Directory.Exists(full))
        {
            var where = string.Equals(full, text, StringComparison.Ordinal) ? string.Empty : $" (looked for {full})";
            result.AddError($"--artifact: '{text}' does not exist{where}; give the path of the program (an executable or a .dll) the cells should run.");
            return null;
        }

        return full;
    }

    /// <summary><c>--config key=value</c>, repeatable; keys are letters, digits and <c>:._-</c>, each at most once.</summary>
    public static Option<string[]> Config(string description)
    {
        var option = new Option<string[]>("--config") { Description = description, HelpName = "key=value" };
        option.Validators.Add(result =>
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var token in result.Tokens)
            {
                var separator = token.Value.IndexOf('=', StringComparison.Ordinal);
                if (separator <= 0)
                {
                    result.AddError($"--config: '{token.Value}' is not key=value (e.g. --config Notes:Greeting=hello).");
                    continue;
                }

                var key = token.Value[..separator];
                if (!ConfigKeyPattern().IsMatch(key))
                {
                    result.AddError($"--config: the key '{key}' may only contain letters, digits and ':', '.', '_', '-'.");
                }
                else if (!seen.Add(key))
                {
                    result.AddError($"--config: the key '{key}' is given twice.");
                }
            }
        });
        return option;
    }

    /// <summary>The <c>--config</c> values as a dictionary; null when none were given.</summary>
    public static Dictionary<string, string>? ParseConfig(string[]? values)
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }

        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var separator = value.IndexOf('=', StringComparison.Ordinal);
            config[value[..separator]] = value[(separator + 1)..];
        }

        return config;
    }

    [GeneratedRegex(@"^[A-Za-z0-9.+_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^[A-Za-z0-9:._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigKeyPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]+://", RegexOptions.CultureInvariant)]
    private static partial Regex UriPattern();
}
