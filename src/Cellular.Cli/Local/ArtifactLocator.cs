namespace Cellular.Cli.Local;

/// <summary>
/// Finds the programs <c>cellctl up</c> starts in the artifacts layout
/// (<c>artifacts/bin/&lt;Project&gt;/&lt;config&gt;/</c>), next to cellctl's own build folder,
/// or under <see cref="BinDirectoryVariable"/> when it is set.
/// </summary>
public sealed class ArtifactLocator
{
    /// <summary>Environment variable naming a folder that holds the three project build folders.</summary>
    public const string BinDirectoryVariable = "CELLULAR_BIN_DIR";

    private static readonly string[] KnownConfigurations = ["debug", "release"];

    private readonly string _baseDirectory;
    private readonly Func<string, string?> _getEnvironmentVariable;
    private readonly string? _processPath;

    /// <summary>Creates a locator; the parameters exist so tests can describe any layout.</summary>
    /// <param name="baseDirectory">The build folder of the running program (<see cref="AppContext.BaseDirectory"/>).</param>
    /// <param name="getEnvironmentVariable">Reads an environment variable.</param>
    /// <param name="processPath">The running program's executable (<see cref="Environment.ProcessPath"/>).</param>
    public ArtifactLocator(string baseDirectory, Func<string, string?> getEnvironmentVariable, string? processPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        _baseDirectory = Path.GetFullPath(baseDirectory);
        _getEnvironmentVariable = getEnvironmentVariable;
        _processPath = processPath;
    }

    /// <summary>A locator for the running process.</summary>
    public static ArtifactLocator ForCurrentProcess() =>
        new(AppContext.BaseDirectory, Environment.GetEnvironmentVariable, Environment.ProcessPath);

    /// <summary>Finds all programs, or throws <see cref="ArtifactNotFoundException"/> listing the searched paths.</summary>
    public StackArtifacts Locate()
    {
        var searched = new List<string>();
        var missing = new List<string>();
        var controlPlane = Find("Cellular.ControlPlane", "Cellular.ControlPlane.dll", searched, missing);
        var router = Find("Cellular.Router", "Cellular.Router.dll", searched, missing);
        var cellApp = Find("Notes", "Notes.dll", searched, missing);
        if (controlPlane is null || router is null || cellApp is null)
        {
            throw new ArtifactNotFoundException(missing, searched);
        }

        return new StackArtifacts(ResolveDotnet(), controlPlane, router, cellApp, FindCommandTemplate());
    }

    /// <summary>
    /// The shipped Notes template for <c>command</c> cells: <c>deploy/command/notes/cellular.template.json</c>
    /// in the repository the artifacts were built in (two levels above <c>artifacts/bin</c>), or in a
    /// <c>deploy</c> folder next to cellctl; null when neither exists.
    /// </summary>
    public string? FindCommandTemplate()
    {
        var relative = Path.Combine("deploy", "command", "notes", "cellular.template.json");
        string[] candidates =
        [
            Path.GetFullPath(Path.Combine(BinRoot(), "..", "..", relative)),
            Path.Combine(_baseDirectory, relative),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// The <c>dotnet</c> host: <c>DOTNET_HOST_PATH</c> when set (the SDK sets it for tools and tests),
    /// else the running executable when it is <c>dotnet</c>, else <c>dotnet</c> from the PATH.
    /// </summary>
    public string ResolveDotnet()
    {
        var hostPath = _getEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath))
        {
            return hostPath;
        }

        if (!string.IsNullOrEmpty(_processPath)
            && string.Equals(Path.GetFileNameWithoutExtension(_processPath), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return _processPath;
        }

        return "dotnet";
    }

    private string? Find(string project, string fileName, List<string> searched, List<string> missing)
    {
        foreach (var candidate in Candidates(project, fileName))
        {
            if (searched.Contains(candidate))
            {
                continue;
            }

            searched.Add(candidate);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        missing.Add(fileName);
        return null;
    }

    private IEnumerable<string> Candidates(string project, string fileName)
    {
        var root = BinRoot();

        // Prefer the configuration cellctl itself was built in (e.g. "debug" or "release_linux-x64").
        var own = Path.GetFileName(Path.TrimEndingDirectorySeparator(_baseDirectory));
        var configurations = new[] { own }.Concat(KnownConfigurations).Distinct(StringComparer.Ordinal);
        return configurations.Select(configuration => Path.Combine(root, project, configuration, fileName));
    }

    /// <summary>The folder holding the project build folders: <see cref="BinDirectoryVariable"/>, or <c>artifacts/bin</c> above cellctl's own.</summary>
    private string BinRoot()
    {
        var binDirectory = _getEnvironmentVariable(BinDirectoryVariable);
        return string.IsNullOrEmpty(binDirectory)
            ? Path.GetFullPath(Path.Combine(_baseDirectory, "..", ".."))
            : Path.GetFullPath(binDirectory);
    }
}
