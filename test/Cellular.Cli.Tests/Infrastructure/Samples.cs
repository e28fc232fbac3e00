using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.Cli.Tests.Infrastructure;

/// <summary>API objects with sensible defaults, for canned responses.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Created = new(2025, 6, 1, 11, 0, 0, TimeSpan.Zero);

    public static CellView Cell(string id, CellState state = CellState.Active, int tenants = 0, int load = 0, string provider = "process", string? endpoint = null) =>
        new(id, "local", "local-a", CellStage.Prod, 1000, endpoint ?? "http://127.0.0.1:5100", state, provider,
            new Dictionary<string, string>(), "1.0.0", tenants, load, Created, Created);

    public static TenantView Tenant(string id, string cell = "c1", bool pinned = false, long epoch = 1) =>
        new(id, cell, 1, pinned, epoch, Created, Created);

    public static ControlPlaneHealth ControlPlaneHealth(long tableVersion = 7) =>
        new("Healthy", tableVersion, 3, 10, 4242, Created, "sqlite");

    public static RouterHealth RouterHealth(long tableVersion = 7, bool stale = false) =>
        new(stale ? "Degraded" : "Healthy", tableVersion, stale, "control-plane", Created.AddMinutes(59), null, 10, 3, 4343);
}
