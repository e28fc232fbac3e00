using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Errors;

namespace Cellular.ControlPlane.Providers.Processes;

/// <summary>What a process cell executes: a program, and for a <c>.dll</c> the <c>dotnet</c> host with the dll first.</summary>
/// <param name="FileName">The executable.</param>
/// <param name="Arguments">Arguments that come before the cell's own (the dll path for <c>dotnet</c>).</param>
internal sealed record CellCommand(string FileName, IReadOnlyList<string> Arguments)
{
    private const string DefaultProgram = "Notes.dll";

    /// <summary>
    /// Resolves <c>Cellular:Process:CellCommand</c>, or, when it is not set, the Notes sample
    /// next to the control plane in the artifacts layout.
    /// </summary>
    /// <exception cref="ControlPlaneException">No program is configured and Notes.dll is not where the build puts it.</exception>
    public static CellCommand Resolve(string? configured, string baseDirectory, Func<string> dotnetHost)
    {
        string program;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            program = configured.Contains(Path.DirectorySeparatorChar) ? Path.GetFullPath(configured) : configured;
        }
        else
        {
            program = DefaultLocation(baseDirectory);
            if (!File.Exists(program))
            {
                throw new ControlPlaneException(
                    ProblemKind.Misconfigured,
                    "No cell program",
                    $"No cell program is configured and {DefaultProgram} is not at {program}. Build samples/Notes, or set "
                    + $"{ProcessProviderOptions.SectionName}:CellCommand (e.g. --{ProcessProviderOptions.SectionName}:CellCommand=/path/to/Notes.dll), "
                    + "or create the cell with provider 'static' and the endpoint of a cell you run.");
            }
        }

        return program.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new CellCommand(dotnetHost(), [program])
            : new CellCommand(program, []);
    }

    /// <summary>
    /// <c>{base}/../../Notes/{config}/Notes.dll</c>: the control plane runs from
    /// <c>artifacts/bin/Cellular.ControlPlane/{config}/</c>, the sample builds to <c>artifacts/bin/Notes/{config}/</c>.
    /// </summary>
    public static string DefaultLocation(string baseDirectory)
    {
        var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseDirectory));
        var configuration = Path.GetFileName(directory);
        return Path.GetFullPath(Path.Combine(directory, "..", "..", "Notes", configuration, DefaultProgram));
    }
}
