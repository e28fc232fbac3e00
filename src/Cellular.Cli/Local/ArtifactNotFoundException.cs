namespace Cellular.Cli.Local;

/// <summary>A program of the local stack is not where the build puts it; lists every place that was tried.</summary>
public sealed class ArtifactNotFoundException : Exception
{
    /// <summary>Creates the exception for the missing <paramref name="missing"/> files.</summary>
    public ArtifactNotFoundException(IReadOnlyList<string> missing, IReadOnlyList<string> searchedPaths)
        : base(Describe(missing, searchedPaths))
    {
        Missing = missing;
        SearchedPaths = searchedPaths;
    }

    /// <summary>File names that were not found, e.g. <c>Notes.dll</c>.</summary>
    public IReadOnlyList<string> Missing { get; }

    /// <summary>Every path that was tried, in order.</summary>
    public IReadOnlyList<string> SearchedPaths { get; }

    private static string Describe(IReadOnlyList<string> missing, IReadOnlyList<string> searchedPaths) =>
        $"Cannot find {string.Join(", ", missing)}. Build the solution first (dotnet build), or set "
        + $"{ArtifactLocator.BinDirectoryVariable} to the folder that holds the Cellular.ControlPlane, Cellular.Router and Notes "
        + "build folders. Searched:" + Environment.NewLine
        + string.Join(Environment.NewLine, searchedPaths.Select(p => "  " + p));
}
