using System.CommandLine;
using System.Globalization;

namespace Cellular.Cli.Commands;

/// <summary>
/// When a key stops working: a duration from now (<c>30d</c>, <c>12h</c>, <c>90m</c>, <c>1h30m</c>) or
/// an instant (<c>2027-01-01</c>, midnight UTC, or <c>2027-01-01T12:00:00Z</c>). It must lie in the future.
/// </summary>
internal static class ExpiryOption
{
    /// <summary>An optional <c>--expires</c>-like option; its value is the instant, read with the clock of <paramref name="context"/>.</summary>
    public static Option<DateTimeOffset?> Create(string name, string description, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var option = new Option<DateTimeOffset?>(name) { Description = description, HelpName = "30d|date" };
        option.CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return null;
            }

            var text = result.Tokens[0].Value;
            var now = context.TimeProvider.GetUtcNow();
            if (!TryParse(text, now, out var expiresAt))
            {
                result.AddError($"{name}: '{text}' is neither a duration (30d, 12h, 90m) nor a date (2027-01-01 or 2027-01-01T12:00:00Z).");
                return null;
            }

            if (expiresAt <= now)
            {
                result.AddError($"{name}: {expiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)} is not in the future.");
                return null;
            }

            return expiresAt;
        };
        return option;
    }

    /// <summary>Parses <c>30d</c>, a <see cref="DurationOption"/> duration, or an ISO 8601 date or instant (UTC unless it says otherwise).</summary>
    public static bool TryParse(string? text, DateTimeOffset now, out DateTimeOffset expiresAt)
    {
        expiresAt = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text.Length > 1 && text[^1] is 'd' or 'D'
            && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var days)
            && days <= 36_500)
        {
            expiresAt = now.AddDays(days);
            return true;
        }

        if (DurationOption.TryParse(text, out var duration))
        {
            expiresAt = now + duration;
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            expiresAt = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out expiresAt)
            && text.Contains('T', StringComparison.OrdinalIgnoreCase);
    }
}
