using Cellular.ControlPlane.Providers.Commands;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Tests.Providers.Commands;

public sealed class CommandEnvironmentTests
{
    private static readonly Cell Cell = new(
        "n1",
        "eu-west",
        "eu-west-1a",
        CellStage.Staging,
        1000,
        "http://127.0.0.1:5301",
        CellState.Active,
        "command",
        new Dictionary<string, string> { ["tier"] = "gold", ["app"] = "notes" },
        "1.0.0",
        Template: "notes");

    [Fact]
    public void Build_CellAndRelease_GivesEveryVariable()
    {
        var release = new CellRelease("2.0.0+b7", "/opt/notes/2.0.0/Notes.dll", new Dictionary<string, string> { ["Notes:Greeting"] = "hé \"there\"", ["A"] = "1" });
        var template = new CommandTemplateOptions { Environment = { ["NOTES_DLL"] = "/opt/Notes.dll" } };

        var variables = CommandEnvironment.Build(Cell, release, template, "app", CommandTargets.Deploy, "/data/n1", "c2VjcmV0", new Dictionary<string, string> { ["CELLULAR_DEPLOY_ENDPOINT"] = "http://127.0.0.1:5302" });

        Assert.Equal("n1", variables["CELLULAR_CELL_ID"]);
        Assert.Equal("eu-west", variables["CELLULAR_CELL_REGION"]);
        Assert.Equal("eu-west-1a", variables["CELLULAR_CELL_ZONE"]);
        Assert.Equal("staging", variables["CELLULAR_CELL_STAGE"]);
        Assert.Equal("""{"app":"notes","tier":"gold"}""", variables["CELLULAR_CELL_LABELS"]);
        Assert.Equal("notes", variables["CELLULAR_CELL_TEMPLATE"]);
        Assert.Equal("/data/n1", variables["CELLULAR_CELL_DATA_DIR"]);
        Assert.Equal("/data/n1/cell.log", variables["CELLULAR_CELL_LOG"]);
        Assert.Equal("http://127.0.0.1:5301", variables["CELLULAR_CELL_ENDPOINT"]);
        Assert.Equal("5301", variables["CELLULAR_CELL_PORT"]);
        Assert.Equal("2.0.0+b7", variables["CELLULAR_RELEASE_VERSION"]);
        Assert.Equal("/opt/notes/2.0.0/Notes.dll", variables["CELLULAR_RELEASE_ARTIFACT"]);
        Assert.Equal("""{"A":"1","Notes:Greeting":"hé \"there\""}""", variables["CELLULAR_RELEASE_CONFIG"]);
        Assert.Equal("A=1\nNotes:Greeting=hé \"there\"\n", variables["CELLULAR_RELEASE_CONFIG_LINES"]);
        Assert.Equal("app", variables["CELLULAR_COMPONENT"]);
        Assert.Equal("deploy", variables["CELLULAR_TARGET"]);
        Assert.Equal("c2VjcmV0", variables["Cellular__Cell__Auth__Secret"]);
        Assert.Equal("/opt/Notes.dll", variables["NOTES_DLL"]);
        Assert.Equal("http://127.0.0.1:5302", variables["CELLULAR_DEPLOY_ENDPOINT"]);
    }

    [Fact]
    public void Build_NoArtifactNoConfig_GivesEmptyValues()
    {
        var variables = CommandEnvironment.Build(Cell, Cell.Release, new CommandTemplateOptions(), "app", CommandTargets.Create, "/data/n1", "s");

        Assert.Equal(("1.0.0", "", "{}", ""), (variables["CELLULAR_RELEASE_VERSION"], variables["CELLULAR_RELEASE_ARTIFACT"], variables["CELLULAR_RELEASE_CONFIG"], variables["CELLULAR_RELEASE_CONFIG_LINES"]));
    }

    [Fact]
    public void Build_ConfigValueWithLineBreak_IsRefused()
    {
        var release = new CellRelease("2.0.0", null, new Dictionary<string, string> { ["Banner"] = "two\nlines" });

        var error = Assert.Throws<ArgumentException>(() => CommandEnvironment.Build(Cell, release, new CommandTemplateOptions(), "app", CommandTargets.Deploy, "/d", "s"));

        Assert.Contains("'Banner'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CELLULAR_CELL_ID", true)]
    [InlineData("cellular_anything", true)]
    [InlineData("Cellular__Cell__Auth__Secret", true)]
    [InlineData("NOTES_DLL", false)]
    public void IsReserved_ControlPlaneVariables(string name, bool reserved)
    {
        Assert.Equal(reserved, CommandEnvironment.IsReserved(name));
    }
}
