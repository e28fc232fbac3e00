namespace Cellular.Cli.Local;

/// <summary>The programs the local stack runs, as full paths.</summary>
/// <param name="DotnetPath">The <c>dotnet</c> host that runs the <c>.dll</c>s.</param>
/// <param name="ControlPlane">Path of <c>Cellular.ControlPlane.dll</c>.</param>
/// <param name="Router">Path of <c>Cellular.Router.dll</c>.</param>
/// <param name="CellApp">Path of the app every process cell runs (<c>Notes.dll</c>).</param>
/// <param name="CommandTemplate">
/// The shipped Notes template for <c>command</c> cells (<c>deploy/command/notes/cellular.template.json</c>),
/// when it is found; null = the control plane gets no command templates from <c>cellctl up</c>.
/// </param>
public sealed record StackArtifacts(string DotnetPath, string ControlPlane, string Router, string CellApp, string? CommandTemplate = null);
