using System.Globalization;

namespace Cellular.ControlPlane.Store;

/// <summary>Timestamps are stored as round-trip ISO 8601 text in UTC, so they sort and read back exactly.</summary>
internal static class StoreTime
{
    public static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string value) => DateTimeOffset.ParseExact(value, "O", CultureInfo.InvariantCulture);
}
