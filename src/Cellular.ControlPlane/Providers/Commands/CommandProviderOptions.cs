namespace Cellular.ControlPlane.Providers.Commands;

/// <summary>
/// Settings of the <c>command</c> provider (section <c>Cellular:Command</c>), which runs a cell
/// through the user's own lifecycle commands, listed per template.
/// </summary>
public sealed class CommandProviderOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cellular:Command";

    /// <summary>The cell templates by name; a cell is created from one (<c>"template": "notes"</c>).</summary>
    /// <value>Default: none, plus those of <see cref="TemplateFiles"/>.</value>
    public Dictionary<string, CommandTemplateOptions> Templates { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Files shaped like <c>appsettings.json</c> (<c>{"Cellular":{"Command":{"Templates":{…}}}}</c>)
    /// read at start-up and merged under the rest of the configuration, which may override any of
    /// their values. A template's <c>Directory</c> in such a file is relative to the file's folder
    /// and defaults to it.
    /// </summary>
    /// <value>Default: none.</value>
    public List<string> TemplateFiles { get; set; } = [];

    /// <summary>First port tried for a new cell or a staged release; ports in use are skipped.</summary>
    /// <value>Default 5300.</value>
    public int PortBase { get; set; } = 5300;

    /// <summary>Address the cells' endpoints are on.</summary>
    /// <value>Default <c>127.0.0.1</c>.</value>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Parent of the cells' data directories: cell <c>c1</c> gets <c>{DataDir}/c1</c>, with its <c>cell.log</c>.</summary>
    /// <value>Default <c>.cellular/command-cells</c>.</value>
    public string DataDir { get; set; } = ".cellular/command-cells";

    /// <summary>
    /// How long a cell may take, after its <c>create</c> or <c>deploy</c> commands succeeded, to answer
    /// <c>GET /_cell/health</c> with 200 (and, for a release, <c>/_cell/info</c> with its version).
    /// </summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan HealthTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Problems met reading <see cref="TemplateFiles"/>; the validator reports them at start-up.</summary>
    internal List<string> TemplateFileErrors { get; } = [];
}
