using Cellular.ControlPlane.Fleet;

namespace Cellular.ControlPlane.Tests.Fleet;

public sealed class FleetOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreValid() => Assert.True(new FleetOptionsValidator().Validate(null, new FleetOptions()).Succeeded);

    [Theory]
    [InlineData(0.5, 30, 150, "SampleInterval")]
    [InlineData(1.5, 30, 150, "SampleInterval")]
    [InlineData(120, 300, 150, "SampleInterval")]
    [InlineData(5, 2, 150, "SignalWindow")]
    [InlineData(2, 7200, 150, "SignalWindow")]
    [InlineData(2, 30, 0, "SparklineSamples")]
    [InlineData(2, 30, 5000, "SparklineSamples")]
    public void Invalid_RefusedNamingTheKey(double intervalSeconds, double windowSeconds, int samples, string key)
    {
        var options = new FleetOptions
        {
            SampleInterval = TimeSpan.FromSeconds(intervalSeconds),
            SignalWindow = TimeSpan.FromSeconds(windowSeconds),
            SparklineSamples = samples,
        };

        var result = new FleetOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Cellular:ControlPlane:Fleet:{key}", result.FailureMessage, StringComparison.Ordinal);
    }
}
