namespace Cellular.ControlPlane.Configuration;

/// <summary>
/// Settings of the <c>process</c> provider (section <c>Cellular:Process</c>), which runs each
/// cell as a local child process with its own port and data directory.
/// </summary>
public sealed class ProcessProviderOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cellular:Process";

    /// <summary>The program a cell runs; a path ending in <c>.dll</c> is run with <c>dotnet</c>.</summary>
    /// <value>Default: <c>Notes.dll</c> located next to the control plane in the artifacts layout.</value>
    public string? CellCommand { get; set; }

    /// <summary>Parent of the cells' data directories: cell <c>c1</c> gets <c>{DataDir}/c1</c>.</summary>
    /// <value>Default <c>.cellular/cells</c>.</value>
    public string DataDir { get; set; } = ".cellular/cells";

    /// <summary>First port tried for a new cell; ports in use are skipped.</summary>
    /// <value>Default 5100.</value>
    public int PortBase { get; set; } = 5100;

    /// <summary>Address the cells listen on.</summary>
    /// <value>Default <c>127.0.0.1</c>.</value>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>How long a new cell has to answer <c>GET /_cell/health</c> with 200.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a cell may take to exit after SIGTERM before it is killed.</summary>
    /// <value>Default 5 seconds.</value>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether stopping the control plane stops the cell processes it owns. Turn it off to
    /// upgrade or restart the control plane while cells keep serving; it adopts them again.
    /// </summary>
    /// <value>Default true.</value>
    public bool StopCellsOnShutdown { get; set; } = true;
}
