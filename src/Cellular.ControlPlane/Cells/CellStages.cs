using Cellular.Core.Model;

namespace Cellular.ControlPlane.Cells;

/// <summary>The wire names of <see cref="CellStage"/> (<c>dev</c>, <c>staging</c>, <c>prod</c>), used in requests and the store.</summary>
internal static class CellStages
{
    public const string Supported = "dev, staging or prod";

    public static string Name(CellStage stage) => stage switch
    {
        CellStage.Dev => "dev",
        CellStage.Staging => "staging",
        _ => "prod",
    };

    public static bool TryParse(string? value, out CellStage stage)
    {
        switch (value)
        {
            case "dev":
                stage = CellStage.Dev;
                return true;
            case "staging":
                stage = CellStage.Staging;
                return true;
            case "prod":
                stage = CellStage.Prod;
                return true;
            default:
                stage = CellStage.Prod;
                return false;
        }
    }
}
