using Cellular.ControlPlane.Migrations;

namespace Cellular.ControlPlane.Tests.Migrations;

public sealed class MigrationOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new MigrationOptionsValidator().Validate(null, new MigrationOptions()).Succeeded);
    }

    [Fact]
    public void Validate_BadValues_NameEachKey()
    {
        var options = new MigrationOptions
        {
            CutoverBudget = TimeSpan.FromMilliseconds(5),
            Soak = TimeSpan.FromSeconds(-1),
            MaxPerSourceCell = 0,
            MaxPerTargetCell = 101,
            CatchUpMaxRounds = 0,
            ChangePageSize = 10_001,
        };

        var result = new MigrationOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var key in new[] { "CutoverBudget", "Soak", "MaxPerSourceCell", "MaxPerTargetCell", "CatchUpMaxRounds", "ChangePageSize" })
        {
            Assert.Contains($"Cellular:ControlPlane:Migrations:{key} must be", result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
