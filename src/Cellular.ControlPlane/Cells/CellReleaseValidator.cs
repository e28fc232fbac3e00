using Cellular.ControlPlane.Errors;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Cells;

/// <summary>
/// Checks the parts of a release (version, artifact, config) wherever one enters: a cell's creation
/// and a deployment. Config keys that would override what Cellular itself passes a cell
/// (<c>Cellular:*</c>, <c>urls</c>) are refused: a release must not be able to rename its cell.
/// </summary>
internal static class CellReleaseValidator
{
    private const int MaxVersionLength = 64;
    private const int MaxArtifactLength = 4096;
    private const int MaxConfigEntries = 64;
    private const int MaxConfigKeyLength = 128;
    private const int MaxConfigValueLength = 4096;

    /// <summary>A version: 1–64 letters, digits, <c>.-+_</c>.</summary>
    public static string Version(string? version, string field = "version")
    {
        if (string.IsNullOrEmpty(version))
        {
            throw ControlPlaneException.BadRequest($"'{field}' is required, e.g. \"2.0.0\".");
        }

        if (version.Length > MaxVersionLength || !version.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+' or '_'))
        {
            throw ControlPlaneException.BadRequest(
                $"The {field} '{Shorten(version)}' is not valid; use 1 to {MaxVersionLength} letters, digits, '.', '-', '+' and '_'.");
        }

        return version;
    }

    /// <summary>An artifact: any text up to 4096 characters without control characters; null stays null.</summary>
    public static string? Artifact(string? artifact)
    {
        if (artifact is null)
        {
            return null;
        }

        if (artifact.Length is 0 or > MaxArtifactLength || artifact.Any(char.IsControl))
        {
            throw ControlPlaneException.BadRequest(
                $"The artifact '{Shorten(artifact)}' is not valid; give 1 to {MaxArtifactLength} characters without control characters (for process cells a program path).");
        }

        return artifact;
    }

    /// <summary>Config entries: at most 64, keys of letters, digits, <c>:._-</c>, values without control characters.</summary>
    public static Dictionary<string, string> Config(IReadOnlyDictionary<string, string>? config)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (config is null)
        {
            return result;
        }

        if (config.Count > MaxConfigEntries)
        {
            throw ControlPlaneException.BadRequest($"A release may carry at most {MaxConfigEntries} config entries, not {config.Count}.");
        }

        foreach (var (key, value) in config)
        {
            if (key.Length is 0 or > MaxConfigKeyLength || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '.' or '_' or '-') || key.StartsWith('-'))
            {
                throw ControlPlaneException.BadRequest(
                    $"The config key '{Shorten(key)}' is not valid; use 1 to {MaxConfigKeyLength} letters, digits, ':', '.', '_' and '-', not starting with '-'.");
            }

            if (key.StartsWith("Cellular:", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Cellular__", StringComparison.OrdinalIgnoreCase)
                || key.Equals("urls", StringComparison.OrdinalIgnoreCase))
            {
                throw ControlPlaneException.BadRequest(
                    $"The config key '{Shorten(key)}' is reserved: Cellular sets the cell's id, version, data directory and URLs itself.");
            }

            if (value is null || value.Length > MaxConfigValueLength || value.Any(char.IsControl))
            {
                throw ControlPlaneException.BadRequest(
                    $"The value of config key '{key}' is not valid; give at most {MaxConfigValueLength} characters without control characters.");
            }

            result[key] = value;
        }

        return result;
    }

    /// <summary>The release of a request, every part checked.</summary>
    public static CellRelease Release(string? version, string? artifact, IReadOnlyDictionary<string, string>? config) =>
        new(Version(version), Artifact(artifact), Config(config));

    private static string Shorten(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");
}
