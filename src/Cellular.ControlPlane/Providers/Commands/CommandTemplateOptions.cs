namespace Cellular.ControlPlane.Providers.Commands;

/// <summary>One cell template of the <c>command</c> provider: the cell's components, in order.</summary>
public sealed class CommandTemplateOptions
{
    /// <summary>What the template runs, for people choosing one.</summary>
    public string? Description { get; set; }

    /// <summary>The directory every command runs in; relative command paths (<c>./create.sh</c>) start here.</summary>
    /// <value>Required; in a template file, defaults to the file's folder.</value>
    public string? Directory { get; set; }

    /// <summary>The cell's components. <c>create</c>, <c>deploy</c> and <c>verify</c> run in this order, <c>destroy</c> in reverse.</summary>
    public List<CommandComponentOptions> Components { get; set; } = [];

    /// <summary>Extra environment variables for every command of the template (e.g. <c>NOTES_DLL</c>).</summary>
    public Dictionary<string, string> Environment { get; set; } = new(StringComparer.Ordinal);
}
