using Cellular.ControlPlane.Configuration;
using Cellular.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Tests.Configuration;

public sealed class FailureContainmentOptionsTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new HealthMonitorOptionsValidator().Validate(null, new HealthMonitorOptions()).Succeeded);
        Assert.True(new ExperimentOptionsValidator().Validate(null, new ExperimentOptions()).Succeeded);
        Assert.True(new ControlPlaneOptionsValidator().Validate(null, new ControlPlaneOptions { Routers = ["http://127.0.0.1:5080", "https://router-2/"] }).Succeeded);
    }

    [Fact]
    public void Validate_BadValues_NameEveryKey()
    {
        var health = new HealthMonitorOptions { Interval = TimeSpan.Zero, Timeout = TimeSpan.FromMinutes(1), FailureThreshold = 0, SuccessThreshold = 101 };
        var experiments = new ExperimentOptions { CheckInterval = TimeSpan.Zero, EvaluationWindow = TimeSpan.FromHours(1), RequestTimeout = TimeSpan.FromHours(1), MaxMissedChecks = 0 };
        var controlPlane = new ControlPlaneOptions { Routers = ["http://ok:5080", "ftp://router", "not a url"] };

        var failures = string.Join('\n', new HealthMonitorOptionsValidator().Validate(null, health).Failures!)
            + string.Join('\n', new ExperimentOptionsValidator().Validate(null, experiments).Failures!)
            + string.Join('\n', new ControlPlaneOptionsValidator().Validate(null, controlPlane).Failures!);

        foreach (var key in new[]
        {
            "Health:Interval", "Health:Timeout", "Health:FailureThreshold", "Health:SuccessThreshold",
            "Experiments:CheckInterval", "Experiments:EvaluationWindow", "Experiments:RequestTimeout", "Experiments:MaxMissedChecks",
            "Routers:1", "Routers:2",
        })
        {
            Assert.Contains(key, failures, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Routers:0", failures, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TimeoutLongerThanInterval_Fails()
    {
        var result = new HealthMonitorOptionsValidator().Validate(null, new HealthMonitorOptions { Interval = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromSeconds(2) });

        Assert.Contains("at most the Interval", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cellular:ControlPlane:Health:FailureThreshold", "0", "Health:FailureThreshold must be 1 to 100")]
    [InlineData("Cellular:ControlPlane:Experiments:CheckInterval", "00:10:00", "Experiments:CheckInterval must be")]
    [InlineData("Cellular:ControlPlane:Routers:0", "localhost:5080", "Routers:0 is 'localhost:5080'")]
    public async Task Start_InvalidSetting_FailsAtStartUpNamingTheKey(string key, string value, string expected)
    {
        using var root = new TempDirectory("cp-options");
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cellular:ControlPlane:DataDir"] = root.Path,
            [key] = value,
        });
        builder.Services.AddCellularControlPlane();
        using var host = builder.Build();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
