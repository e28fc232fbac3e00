namespace Cellular.Core.Api;

/// <summary><c>GET /api/v1/health</c>: the control plane's own health.</summary>
/// <param name="Status"><c>Healthy</c>.</param>
/// <param name="TableVersion">The routing table's current version.</param>
/// <param name="Cells">Cells in the registry.</param>
/// <param name="Tenants">Tenants placed.</param>
/// <param name="ProcessId">This replica's process id.</param>
/// <param name="StartedAt">When this replica started.</param>
/// <param name="Store">Where the truth lives: <c>sqlite:/path/cellular.db</c> or <c>postgres:host:port/database</c>.</param>
/// <param name="Replica">This replica's id (<c>Cellular:ControlPlane:ReplicaId</c>): the owner its leases name. Every replica on one store serves the same API.</param>
public sealed record ControlPlaneHealth(string Status, long TableVersion, int Cells, int Tenants, int ProcessId, DateTimeOffset StartedAt, string Store, string Replica);

/// <summary><c>GET /_router/health</c>: what the router serves from and whether it is current.</summary>
/// <param name="Status"><c>Healthy</c>, or <c>Degraded</c> when the table is stale or missing.</param>
/// <param name="TableVersion">Version of the table in use (0 = none yet).</param>
/// <param name="Stale">True when the router has not heard from the control plane within its staleness limit.</param>
/// <param name="TableSource">Where the table in use came from: <c>none</c>, <c>disk</c> or <c>control-plane</c>.</param>
/// <param name="LastSyncAt">Last successful contact with the control plane.</param>
/// <param name="LastError">Last sync or load error, for a person to read.</param>
/// <param name="Tenants">Tenants in the table.</param>
/// <param name="Cells">Cells in the table.</param>
/// <param name="ProcessId">The router's process id.</param>
/// <param name="DiskTableVersion">Newest table version in the router's last-known-good file (0 = none): a restarted router starts from it. Written shortly after a version is applied, off the sync path.</param>
/// <param name="ControlPlane">The control-plane replica the router syncs from now (one of <c>Cellular:Router:ControlPlaneUrls</c>).</param>
/// <param name="ControlPlaneFailovers">Times the router moved to another control-plane replica since it started.</param>
/// <param name="Io">How the router's sockets are served: <c>inline</c> (on their I/O threads, the default) or <c>thread-pool</c>.</param>
public sealed record RouterHealth(
    string Status,
    long TableVersion,
    bool Stale,
    string TableSource,
    DateTimeOffset? LastSyncAt,
    string? LastError,
    int Tenants,
    int Cells,
    int ProcessId,
    long DiskTableVersion = 0,
    string? ControlPlane = null,
    long ControlPlaneFailovers = 0,
    string? Io = null);

/// <summary><c>GET /_cell/health</c>.</summary>
public sealed record CellHealth(string Status, string Cell, string Version);

/// <summary><c>GET /_cell/info</c>: identity and size of a cell.</summary>
public sealed record CellInfo(string Cell, string Version, int Tenants, int ProcessId, DateTimeOffset StartedAt);
