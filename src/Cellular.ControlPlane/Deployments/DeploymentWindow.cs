using System.Globalization;
using Cellular.ControlPlane.Configuration;

namespace Cellular.ControlPlane.Deployments;

/// <summary>
/// One parsed deployment window: days of the week and a wall-clock range in a time zone. A range
/// whose end is before its start runs past midnight and belongs to the day it starts on. Times are
/// compared on the zone's wall clock, so the window follows daylight saving time.
/// </summary>
/// <param name="Days">Days it opens on; empty = every day.</param>
/// <param name="FromMinute">Opening, minutes after local midnight (0–1439).</param>
/// <param name="ToMinute">Closing, exclusive, minutes after local midnight (0–1440).</param>
/// <param name="TimeZone">The zone the times are local to.</param>
internal sealed record DeploymentWindow(IReadOnlySet<DayOfWeek> Days, int FromMinute, int ToMinute, TimeZoneInfo TimeZone)
{
    private const int MinutesPerDay = 24 * 60;

    /// <summary>True when <paramref name="at"/> falls inside the window.</summary>
    public bool Contains(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, TimeZone);
        var minute = (local.Hour * 60) + local.Minute;
        if (FromMinute < ToMinute)
        {
            return FromMinute <= minute && minute < ToMinute && OpensOn(local.DayOfWeek);
        }

        // Past midnight: the evening part belongs to today, the morning part to yesterday's window.
        return (minute >= FromMinute && OpensOn(local.DayOfWeek))
            || (minute < ToMinute && OpensOn(Yesterday(local.DayOfWeek)));
    }

    /// <summary>E.g. <c>Mon–Fri 09:00–17:00 Europe/Berlin</c>.</summary>
    public string Describe() => $"{DescribeDays(Days)} {FormatMinute(FromMinute)}–{FormatMinute(ToMinute)} {TimeZone.Id}";

    /// <summary>Parses configured options; throws <see cref="FormatException"/> or <see cref="TimeZoneNotFoundException"/> on values the validator refuses.</summary>
    public static DeploymentWindow Parse(DeploymentWindowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        if (!TryParseTime(options.From, closing: false, out var from))
        {
            throw new FormatException($"Deployment window opening '{options.From}' is not HH:mm (00:00 to 23:59).");
        }

        if (!TryParseTime(options.To, closing: true, out var to) || to == from)
        {
            throw new FormatException($"Deployment window closing '{options.To}' is not HH:mm (00:00 to 24:00) after its opening.");
        }

        if (!TryFindTimeZone(options.TimeZone, out var zone))
        {
            throw new TimeZoneNotFoundException($"Deployment window time zone '{options.TimeZone}' is not known on this machine.");
        }

        return new DeploymentWindow(options.Days.ToHashSet(), from, to, zone);
    }

    /// <summary>
    /// Reads <c>HH:mm</c> as minutes after midnight; <paramref name="closing"/> also allows <c>24:00</c>
    /// (the end of the day).
    /// </summary>
    public static bool TryParseTime(string? text, bool closing, out int minutes)
    {
        minutes = 0;
        if (closing && text == "24:00")
        {
            minutes = MinutesPerDay;
            return true;
        }

        if (!TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return false;
        }

        minutes = (time.Hour * 60) + time.Minute;
        return true;
    }

    /// <summary>Finds an IANA (or Windows) time-zone id; false when the id is unknown or the zone unreadable.</summary>
    public static bool TryFindTimeZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    private bool OpensOn(DayOfWeek day) => Days.Count == 0 || Days.Contains(day);

    private static DayOfWeek Yesterday(DayOfWeek day) => (DayOfWeek)(((int)day + 6) % 7);

    private static string FormatMinute(int minute) =>
        string.Create(CultureInfo.InvariantCulture, $"{minute / 60:00}:{minute % 60:00}");

    private static string DescribeDays(IReadOnlySet<DayOfWeek> days)
    {
        // Monday first, as people read a working week.
        var week = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday };
        if (days.Count == 0 || week.All(days.Contains))
        {
            return "every day";
        }

        var parts = new List<string>();
        for (var i = 0; i < week.Length; i++)
        {
            if (!days.Contains(week[i]))
            {
                continue;
            }

            var end = i;
            while (end + 1 < week.Length && days.Contains(week[end + 1]))
            {
                end++;
            }

            parts.Add(end - i >= 2 ? $"{Short(week[i])}–{Short(week[end])}" : string.Join(", ", week[i..(end + 1)].Select(Short)));
            i = end;
        }

        return string.Join(", ", parts);
    }

    private static string Short(DayOfWeek day) => day.ToString()[..3];
}
