using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Deployments;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Tests.Deployments;

public sealed class DeploymentWindowsTests
{
    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    [Fact]
    public void NoWindows_AlwaysOpen()
    {
        var windows = Windows();
        var at = Utc("2030-01-05T03:17:00");

        Assert.True(windows.IsOpen(at));
        Assert.Equal(at, windows.NextOpening(at));
        Assert.Equal("any time", windows.Describe());
    }

    [Theory]
    [InlineData("2030-01-07T08:00:00", true)] // Monday 09:00 in Berlin (CET, UTC+1): opening is inclusive
    [InlineData("2030-01-07T15:59:59", true)] // Monday 16:59:59
    [InlineData("2030-01-07T16:00:00", false)] // Monday 17:00: closing is exclusive
    [InlineData("2030-01-07T07:59:00", false)] // Monday 08:59
    [InlineData("2030-01-05T10:00:00", false)] // Saturday 11:00
    public void IsOpen_BusinessHoursInBerlin(string utc, bool open)
    {
        var windows = Windows(new DeploymentWindowOptions { Days = [.. Weekdays], From = "09:00", To = "17:00", TimeZone = "Europe/Berlin" });

        Assert.Equal(open, windows.IsOpen(Utc(utc)));
    }

    [Theory]
    [InlineData("2030-01-11T22:00:00", true)] // Friday 22:00, the opening
    [InlineData("2030-01-12T01:59:00", true)] // Saturday 01:59, still Friday's window
    [InlineData("2030-01-12T02:00:00", false)] // Saturday 02:00, closed
    [InlineData("2030-01-12T23:00:00", false)] // Saturday 23:00: Saturday has no window
    [InlineData("2030-01-11T01:00:00", false)] // Friday 01:00: would belong to Thursday's window
    public void IsOpen_OvernightWindow_BelongsToTheDayItStarts(string utc, bool open)
    {
        var windows = Windows(new DeploymentWindowOptions { Days = [DayOfWeek.Friday], From = "22:00", To = "02:00", TimeZone = "UTC" });

        Assert.Equal(open, windows.IsOpen(Utc(utc)));
    }

    [Fact]
    public void IsOpen_BerlinFollowsDaylightSavingTime()
    {
        var windows = Windows(new DeploymentWindowOptions { Days = [.. Weekdays], From = "09:00", To = "17:00", TimeZone = "Europe/Berlin" });

        // 07:30 UTC is 08:30 in winter (CET) and 09:30 in summer (CEST).
        Assert.False(windows.IsOpen(Utc("2030-01-07T07:30:00")));
        Assert.True(windows.IsOpen(Utc("2030-07-01T07:30:00")));

        // 15:30 UTC is 16:30 in winter and 17:30 in summer.
        Assert.True(windows.IsOpen(Utc("2030-01-07T15:30:00")));
        Assert.False(windows.IsOpen(Utc("2030-07-01T15:30:00")));
    }

    [Fact]
    public void NextOpening_AfterFridayClose_IsMondayNineInBerlin()
    {
        var windows = Windows(new DeploymentWindowOptions { Days = [.. Weekdays], From = "09:00", To = "17:00", TimeZone = "Europe/Berlin" });

        Assert.Equal(Utc("2030-01-14T08:00:00"), windows.NextOpening(Utc("2030-01-11T16:00:00")));
        Assert.Equal(Utc("2030-07-01T07:00:00"), windows.NextOpening(Utc("2030-06-28T20:00:00")));
    }

    [Fact]
    public void NextOpening_IsExact_NotTheNextWholeMinuteAfterAt()
    {
        var windows = Windows(new DeploymentWindowOptions { From = "09:00", To = "17:00", TimeZone = "UTC" });

        Assert.Equal(Utc("2030-01-07T09:00:00"), windows.NextOpening(Utc("2030-01-07T08:59:30")));
        Assert.Equal(Utc("2030-01-07T09:00:00"), windows.NextOpening(Utc("2030-01-07T08:59:00")));
    }

    [Fact]
    public void NextOpening_WhenOpen_IsNow()
    {
        var windows = Windows(new DeploymentWindowOptions { From = "09:00", To = "17:00", TimeZone = "UTC" });
        var at = Utc("2030-01-07T12:34:56.789");

        Assert.Equal(at, windows.NextOpening(at));
    }

    [Fact]
    public void NextOpening_OpeningInsideTheSpringForwardGap_OpensWhenTheClockJumps()
    {
        // On 2030-03-31 Berlin's clocks jump from 02:00 CET to 03:00 CEST (01:00 UTC); 02:30 never happens.
        var windows = Windows(new DeploymentWindowOptions { From = "02:30", To = "04:00", TimeZone = "Europe/Berlin" });

        Assert.Equal(Utc("2030-03-31T01:00:00"), windows.NextOpening(Utc("2030-03-31T00:30:00")));
        Assert.False(windows.IsOpen(Utc("2030-03-31T00:59:00")));
        Assert.True(windows.IsOpen(Utc("2030-03-31T01:00:00")));
    }

    [Fact]
    public void NextOpening_FallBack_TheRepeatedHourOpensAgain()
    {
        // On 2030-10-27 Berlin's clocks go back from 03:00 CEST to 02:00 CET (01:00 UTC): 02:00–02:59 happens twice.
        var windows = Windows(new DeploymentWindowOptions { From = "01:00", To = "02:30", TimeZone = "Europe/Berlin" });

        Assert.True(windows.IsOpen(Utc("2030-10-27T00:15:00"))); // 02:15 CEST
        Assert.False(windows.IsOpen(Utc("2030-10-27T00:45:00"))); // 02:45 CEST
        Assert.Equal(Utc("2030-10-27T01:00:00"), windows.NextOpening(Utc("2030-10-27T00:45:00"))); // 02:00 CET
    }

    [Fact]
    public void WholeDay_ToMidnightAs2400()
    {
        var windows = Windows(new DeploymentWindowOptions { Days = [DayOfWeek.Sunday], From = "00:00", To = "24:00", TimeZone = "UTC" });

        Assert.True(windows.IsOpen(Utc("2030-01-06T23:59:59")));
        Assert.False(windows.IsOpen(Utc("2030-01-07T00:00:00")));
        Assert.Equal(Utc("2030-01-13T00:00:00"), windows.NextOpening(Utc("2030-01-07T00:00:00")));
    }

    [Fact]
    public void AnyWindowOpen_IsOpen()
    {
        var windows = Windows(
            new DeploymentWindowOptions { Days = [DayOfWeek.Monday], From = "09:00", To = "10:00", TimeZone = "UTC" },
            new DeploymentWindowOptions { Days = [DayOfWeek.Monday], From = "14:00", To = "15:00", TimeZone = "UTC" });

        Assert.True(windows.IsOpen(Utc("2030-01-07T14:30:00")));
        Assert.Equal(Utc("2030-01-07T14:00:00"), windows.NextOpening(Utc("2030-01-07T10:00:00")));
    }

    [Fact]
    public void Describe_NamesDaysHoursAndZone()
    {
        var windows = Windows(
            new DeploymentWindowOptions { Days = [.. Weekdays], From = "09:00", To = "17:00", TimeZone = "Europe/Berlin" },
            new DeploymentWindowOptions { Days = [DayOfWeek.Saturday, DayOfWeek.Monday], From = "22:00", To = "02:00", TimeZone = "UTC" },
            new DeploymentWindowOptions { From = "00:00", To = "24:00", TimeZone = "America/New_York" });

        Assert.Equal("Mon–Fri 09:00–17:00 Europe/Berlin; Mon, Sat 22:00–02:00 UTC; every day 00:00–24:00 America/New_York", windows.Describe());
    }

    private static DeploymentWindows Windows(params DeploymentWindowOptions[] windows) =>
        new(Options.Create(new DeploymentOptions { Windows = [.. windows] }));

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text + "Z", System.Globalization.CultureInfo.InvariantCulture);
}
