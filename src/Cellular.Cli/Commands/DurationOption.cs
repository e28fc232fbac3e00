using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Cellular.Cli.Rendering;

namespace Cellular.Cli.Commands;

/// <summary>
/// Durations on the command line: <c>30s</c>, <c>2m</c>, <c>1h</c>, <c>1m30s</c> or a plain number of
/// seconds. Whole seconds only, because the API counts in seconds and rounding would surprise.
/// </summary>
internal static partial class DurationOption
{
    /// <summary>An option holding a duration between <paramref name="minimum"/> and <paramref name="maximum"/>; null when not given.</summary>
    public static Option<TimeSpan?> Create(string name, string description, TimeSpan minimum, TimeSpan maximum)
    {
        var option = new Option<TimeSpan?>(name) { Description = description, HelpName = "duration" };
        option.CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return null;
            }

            var text = result.Tokens[0].Value;
            if (!TryParse(text, out var value))
            {
                result.AddError($"{name}: '{text}' is not a duration; use e.g. 30s, 2m, 1m30s or a number of seconds.");
                return null;
            }

            if (value < minimum || value > maximum)
            {
                result.AddError($"{name} must be between {Styles.Duration(minimum)} and {Styles.Duration(maximum)}; got {Styles.Duration(value)}.");
                return null;
            }

            return value;
        };
        return option;
    }

    /// <summary>Parses <c>90</c>, <c>90s</c>, <c>2m</c>, <c>1h</c>, <c>1h2m3s</c> (units in that order, each at most once).</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var match = DurationPattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        if (match.Groups["plain"].Success)
        {
            value = TimeSpan.FromSeconds(long.Parse(match.Groups["plain"].Value, CultureInfo.InvariantCulture));
            return true;
        }

        if (!match.Groups["h"].Success && !match.Groups["m"].Success && !match.Groups["s"].Success)
        {
            return false;
        }

        value = TimeSpan.FromHours(Part(match, "h")) + TimeSpan.FromMinutes(Part(match, "m")) + TimeSpan.FromSeconds(Part(match, "s"));
        return true;
    }

    private static long Part(Match match, string group) =>
        match.Groups[group].Success ? long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;

    // At most 7 digits per part keeps every value far from TimeSpan's limits.
    [GeneratedRegex(@"^(?:(?<plain>\d{1,7})|(?:(?<h>\d{1,7})h)?(?:(?<m>\d{1,7})m)?(?:(?<s>\d{1,7})s)?)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DurationPattern();
}
