namespace Cellular.ControlPlane.Tests.Providers.Commands;

/// <summary>The shipped template, <c>deploy/command/notes/</c> of this repository.</summary>
internal static class NotesTemplate
{
    /// <summary>The repository root: this assembly runs from <c>artifacts/bin/Cellular.ControlPlane.Tests/{config}/</c>.</summary>
    public static string RepositoryRoot { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", ".."));

    public static string Directory { get; } = Path.Combine(RepositoryRoot, "deploy", "command", "notes");

    public static string File { get; } = Path.Combine(Directory, "cellular.template.json");
}
