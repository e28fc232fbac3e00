using Cellular.ControlPlane.Configuration;

namespace Cellular.ControlPlane.Tests.Deployments;

public sealed class DeploymentOptionsValidatorTests
{
    private const string Section = "Cellular:ControlPlane:Deployments";

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new DeploymentOptionsValidator().Validate(null, new DeploymentOptions()).Succeeded);
    }

    [Fact]
    public void Validate_GoodWindowsAndWebhooks_Succeed()
    {
        var options = new DeploymentOptions
        {
            Windows =
            [
                new() { Days = [DayOfWeek.Monday, DayOfWeek.Friday], From = "09:00", To = "17:30", TimeZone = "Europe/Berlin" },
                new() { From = "22:00", To = "02:00", TimeZone = "UTC" },
                new() { From = "00:00", To = "24:00", TimeZone = "America/New_York" },
            ],
            Webhooks =
            [
                new() { Url = "https://hooks.example.com/cellular", Events = ["deployment.rolled-back", "deployment.failed"], Secret = "s3cret" },
                new() { Url = "http://127.0.0.1:9000/hook" },
            ],
        };

        var result = new DeploymentOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_OutOfBounds_NameEachKey()
    {
        var options = new DeploymentOptions
        {
            BakeSeconds = -1,
            FirstProductionBakeSeconds = 86_401,
            MaxParallel = 0,
            WaveGrowth = 11,
            ErrorRateIncrease = double.NaN,
            P99Factor = 0.5,
            P99FloorMs = 60_001,
            MinRequests = 0,
            MaxBakeExtensionSeconds = -5,
            GateInterval = TimeSpan.Zero,
            SwitchTimeout = TimeSpan.FromHours(1),
            DrainTime = TimeSpan.FromSeconds(-1),
            PlanTrafficWindowSeconds = 0,
        };

        var result = new DeploymentOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var key in new[]
        {
            "BakeSeconds", "FirstProductionBakeSeconds", "MaxParallel", "WaveGrowth", "ErrorRateIncrease", "P99Factor", "P99FloorMs",
            "MinRequests", "MaxBakeExtensionSeconds", "GateInterval", "SwitchTimeout", "DrainTime", "PlanTrafficWindowSeconds",
        })
        {
            Assert.Contains($"{Section}:{key} must be", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_BadWindows_NameTheKey()
    {
        var options = new DeploymentOptions
        {
            Windows =
            [
                new() { From = "9:00", To = "25:00", TimeZone = "Mars/Olympus_Mons" },
                new() { Days = [(DayOfWeek)9], From = "10:00", To = "10:00", TimeZone = "UTC" },
                new() { From = "24:00", To = "12:00", TimeZone = "" },
            ],
        };

        var message = new DeploymentOptionsValidator().Validate(null, options).FailureMessage;

        Assert.Contains($"{Section}:Windows:0:From is '9:00'; use HH:mm", message, StringComparison.Ordinal);
        Assert.Contains($"{Section}:Windows:0:To is '25:00'", message, StringComparison.Ordinal);
        Assert.Contains($"{Section}:Windows:0:TimeZone is 'Mars/Olympus_Mons'", message, StringComparison.Ordinal);
        Assert.Contains($"{Section}:Windows:1:Days has '9'", message, StringComparison.Ordinal);
        Assert.Contains($"{Section}:Windows:1:To is '10:00', the same as From", message, StringComparison.Ordinal);
        Assert.Contains($"{Section}:Windows:2:From is '24:00'", message, StringComparison.Ordinal);
        Assert.Contains($"{Section}:Windows:2:TimeZone is ''", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadWebhooks_NameTheKey()
    {
        var options = new DeploymentOptions
        {
            Webhooks =
            [
                new() { Url = "/relative/hook" },
                new() { Url = "ftp://example.com/hook", Events = ["deployment.succeeded", "deployment.exploded"] },
                new() { Url = "https://example.com/hook", Secret = " " },
            ],
        };

        var message = new DeploymentOptionsValidator().Validate(null, options).FailureMessage;

        Assert.Contains($"{Section}:Webhooks:0:Url is '/relative/hook'; give an absolute http or https URL", message, StringComparison.Ordinal);
        Assert.Contains($"{Section}:Webhooks:1:Url is 'ftp://example.com/hook'", message, StringComparison.Ordinal);
        Assert.Contains($"{Section}:Webhooks:1:Events:1 is 'deployment.exploded'; use deployment.waiting-for-approval, deployment.rolled-back", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Events:0", message, StringComparison.Ordinal);
        Assert.Contains($"{Section}:Webhooks:2:Secret is blank", message, StringComparison.Ordinal);
    }
}
