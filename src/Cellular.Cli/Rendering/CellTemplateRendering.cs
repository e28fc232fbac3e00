using System.Globalization;
using Cellular.Core.Api;
using Spectre.Console;

namespace Cellular.Cli.Rendering;

/// <summary>The <c>command</c>-provider cell templates the control plane knows.</summary>
internal static class CellTemplateRendering
{
    /// <summary><c>cells templates</c>: one row per template, its components in the order their targets run.</summary>
    public static void WriteList(IAnsiConsole console, IReadOnlyList<CellTemplateView> templates)
    {
        if (templates.Count == 0)
        {
            console.MarkupLine("No cell templates. They come from the control plane's configuration ([bold]Cellular:Command:Templates[/], or files in Cellular:Command:TemplateFiles).");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("TEMPLATE");
        table.AddColumn("DESCRIPTION");
        table.AddColumn("COMPONENTS");
        foreach (var template in templates)
        {
            var components = string.Join(
                "\n",
                template.Components.Select((c, i) => string.Create(
                    CultureInfo.InvariantCulture,
                    $"{i + 1}. {Markup.Escape(c.Name)} [grey]({Markup.Escape(string.Join(", ", c.Targets))}; {Styles.Duration(TimeSpan.FromSeconds(c.TimeoutSeconds))} each)[/]")));
            table.AddRow(Markup.Escape(template.Name), Styles.Text(template.Description), components.Length == 0 ? "[grey]-[/]" : components);
        }

        console.Write(table);
        console.MarkupLine("[grey]Create a cell from one with[/] cellctl cells create <id> --provider command --template <template>");
    }
}
