using Cellular.Cli.Commands;

namespace Cellular.Cli.Tests.Commands;

public sealed class ExpiryOptionTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("30d", "2026-07-01T12:00:00Z")]
    [InlineData("12h", "2026-06-02T00:00:00Z")]
    [InlineData("1h30m", "2026-06-01T13:30:00Z")]
    [InlineData("2027-01-01", "2027-01-01T00:00:00Z")]
    [InlineData("2027-01-01T08:00:00+02:00", "2027-01-01T06:00:00Z")]
    public void TryParse_DurationsAndDates_GiveTheInstant(string text, string expected)
    {
        Assert.True(ExpiryOption.TryParse(text, Now, out var value));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-3d")]
    [InlineData("01/02/2027")]
    public void TryParse_Nonsense_False(string text) => Assert.False(ExpiryOption.TryParse(text, Now, out _));
}
