using Cellular.Cli.Commands;
using Cellular.Cli.Rendering;

namespace Cellular.Cli.Tests.Commands;

public sealed class DurationOptionTests
{
    [Theory]
    [InlineData("30", 30)]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("1h", 3600)]
    [InlineData("1m30s", 90)]
    [InlineData("1h0m5s", 3605)]
    [InlineData(" 45S ", 45)]
    [InlineData("0", 0)]
    public void TryParse_Valid_ReturnsWholeSeconds(string text, int seconds)
    {
        Assert.True(DurationOption.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("1.5s")]
    [InlineData("-5")]
    [InlineData("10ms")]
    [InlineData("2m1h")]
    [InlineData("5 s")]
    [InlineData("12345678")]
    [InlineData("1d")]
    public void TryParse_Invalid_ReturnsFalse(string text) => Assert.False(DurationOption.TryParse(text, out _));

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(45, "45s")]
    [InlineData(120, "2m")]
    [InlineData(90, "1m30s")]
    [InlineData(3600, "1h")]
    [InlineData(3605, "1h0m5s")]
    public void Duration_Seconds_ShortestText(int seconds, string expected) => Assert.Equal(expected, Styles.Duration(TimeSpan.FromSeconds(seconds)));
}
