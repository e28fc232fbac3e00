using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cellular.ControlPlane.Cells;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Providers.Commands;

/// <summary>
/// The environment every command of a <c>command</c> cell gets: who the cell is, the release it
/// runs (or is being given), which component and target runs, and the cell's secret — on top of
/// the template's own <c>Environment</c>.
/// </summary>
internal static class CommandEnvironment
{
    public const string CellId = "CELLULAR_CELL_ID";
    public const string Region = "CELLULAR_CELL_REGION";
    public const string Zone = "CELLULAR_CELL_ZONE";
    public const string Stage = "CELLULAR_CELL_STAGE";
    public const string Labels = "CELLULAR_CELL_LABELS";
    public const string Template = "CELLULAR_CELL_TEMPLATE";
    public const string DataDir = "CELLULAR_CELL_DATA_DIR";
    public const string Log = "CELLULAR_CELL_LOG";
    public const string Endpoint = "CELLULAR_CELL_ENDPOINT";
    public const string Port = "CELLULAR_CELL_PORT";
    public const string ReleaseVersion = "CELLULAR_RELEASE_VERSION";
    public const string ReleaseArtifact = "CELLULAR_RELEASE_ARTIFACT";
    public const string ReleaseConfig = "CELLULAR_RELEASE_CONFIG";
    public const string ReleaseConfigLines = "CELLULAR_RELEASE_CONFIG_LINES";
    public const string Component = "CELLULAR_COMPONENT";
    public const string Target = "CELLULAR_TARGET";
    public const string DeployEndpoint = "CELLULAR_DEPLOY_ENDPOINT";
    public const string DeployPort = "CELLULAR_DEPLOY_PORT";
    public const string DestroyScope = "CELLULAR_DESTROY_SCOPE";
    public const string DestroyEndpoint = "CELLULAR_DESTROY_ENDPOINT";
    public const string DestroyPort = "CELLULAR_DESTROY_PORT";

    /// <summary>Where a Cellular.Cell app reads its secret (<c>Cellular:Cell:Auth:Secret</c>).</summary>
    public const string Secret = "Cellular__Cell__Auth__Secret";

    /// <summary><see cref="DestroyScope"/> when the whole cell is retired.</summary>
    public const string ScopeCell = "cell";

    /// <summary><see cref="DestroyScope"/> when one workload (the previous or a discarded staged release) is stopped.</summary>
    public const string ScopeWorkload = "workload";

    /// <summary>True for names the control plane sets itself, which a template may not override.</summary>
    public static bool IsReserved(string name) =>
        name.StartsWith("CELLULAR_", StringComparison.OrdinalIgnoreCase) || string.Equals(name, Secret, StringComparison.OrdinalIgnoreCase);

    /// <summary>The variables for one run of <paramref name="target"/> of <paramref name="component"/>.</summary>
    /// <param name="cell">The cell as stored (its endpoint is where it serves now).</param>
    /// <param name="release">The release the command is about: the cell's own, or the one being deployed.</param>
    /// <param name="template">The template's settings; its <c>Environment</c> comes first.</param>
    /// <param name="component">The component's name.</param>
    /// <param name="target">The target that runs.</param>
    /// <param name="dataDirectory">The cell's data directory (absolute).</param>
    /// <param name="secret">The cell's secret, encoded as the cell reads it.</param>
    /// <param name="extra">Target-specific variables (<see cref="DeployEndpoint"/>, <see cref="DestroyScope"/>…).</param>
    /// <exception cref="ArgumentException">A config key or value holds a line break, which <see cref="ReleaseConfigLines"/> cannot carry.</exception>
    public static Dictionary<string, string> Build(
        Cell cell,
        CellRelease release,
        CommandTemplateOptions template,
        string component,
        string target,
        string dataDirectory,
        string secret,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        var variables = new Dictionary<string, string>(template.Environment, StringComparer.Ordinal)
        {
            [CellId] = cell.Id,
            [Region] = cell.Region,
            [Zone] = cell.Zone,
            [Stage] = CellStages.Name(cell.Stage),
            [Labels] = Json(cell.Labels),
            [Template] = cell.Template ?? string.Empty,
            [DataDir] = dataDirectory,
            [Log] = Path.Combine(dataDirectory, Processes.CellLog.FileName),
            [Endpoint] = cell.Endpoint ?? string.Empty,
            [Port] = PortOf(cell.Endpoint),
            [ReleaseVersion] = release.Version,
            [ReleaseArtifact] = release.Artifact ?? string.Empty,
            [ReleaseConfig] = Json(release.Config),
            [ReleaseConfigLines] = Lines(release.Config),
            [Component] = component,
            [Target] = target,
            [Secret] = secret,
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        return variables;
    }

    /// <summary>The port of an absolute URL (its scheme's default when it names none), or empty.</summary>
    public static string PortOf(string? endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri.Port.ToString(CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>A JSON object with the entries sorted by key; only what JSON requires is escaped (a shell reads it, not a browser).</summary>
    public static string Json(IReadOnlyDictionary<string, string> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// One <c>key=value</c> line per entry, sorted by key: what a shell script turns into
    /// <c>--key=value</c> arguments without a JSON parser.
    /// </summary>
    public static string Lines(IReadOnlyDictionary<string, string> values)
    {
        var lines = new StringBuilder();
        foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (key.AsSpan().ContainsAny('\n', '\r') || value.AsSpan().ContainsAny('\n', '\r'))
            {
                throw new ArgumentException($"The config entry '{key}' holds a line break, which the command provider cannot hand to a command.", nameof(values));
            }

            lines.Append(key).Append('=').Append(value).Append('\n');
        }

        return lines.ToString();
    }
}
