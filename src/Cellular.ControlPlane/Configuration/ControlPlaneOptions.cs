namespace Cellular.ControlPlane.Configuration;

/// <summary>
/// Settings of the control plane itself (section <c>Cellular:ControlPlane</c>): where it keeps
/// its truth and what the published routing table does with unknown tenants.
/// </summary>
public sealed class ControlPlaneOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cellular:ControlPlane";

    /// <summary>Directory of the SQLite store <c>cellular.db</c>; relative paths start at the working directory.</summary>
    /// <value>Default <c>.cellular/control-plane</c>.</value>
    public string DataDir { get; set; } = ".cellular/control-plane";

    /// <summary>
    /// This replica's name among the control planes sharing one store: the owner written into the
    /// leases it holds, and <c>replica</c> in <c>GET /api/v1/health</c>. Must differ between replicas.
    /// </summary>
    /// <value>Default none: <c>{host}-{pid}-{random}</c>, new at every start.</value>
    public string? ReplicaId { get; set; }

    /// <summary>The fallback strategy written into every published routing table.</summary>
    public FallbackOptions Fallback { get; set; } = new();

    /// <summary>Weight units a new cell may hold when its request does not say.</summary>
    /// <value>Default 1000.</value>
    public int DefaultCellCapacity { get; set; } = 1000;

    /// <summary>
    /// Most changed tenants a routing-table delta carries; a router further behind gets 410 and
    /// fetches the full table, which is then cheaper than the list of changes.
    /// </summary>
    /// <value>Default 100,000.</value>
    public int MaxDeltaTenants { get; set; } = 100_000;

    /// <summary>
    /// Base URLs of the routers whose <c>/_router/stats</c> experiments watch; their statistics
    /// are summed. Without routers, experiments are refused: nothing could see them leak.
    /// </summary>
    /// <value>Default none; <c>cellctl up</c> passes its router.</value>
    public List<string> Routers { get; set; } = [];

    /// <summary>
    /// The routers' admin token (<c>Cellular:Router:AdminToken</c>), sent as <c>Authorization: Bearer</c>
    /// when reading <c>/_router/stats</c>: routers lock their statistics because they name tenants.
    /// </summary>
    /// <value>Default none (routers without an admin token answer anyone). Set this or <see cref="RouterTokenFile"/>, not both.</value>
    public string? RouterToken { get; set; }

    /// <summary>A file holding <see cref="RouterToken"/>; read again whenever it changes. <c>cellctl up</c> sets it.</summary>
    /// <value>Default none.</value>
    public string? RouterTokenFile { get; set; }
}
