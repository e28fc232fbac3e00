using Cellular.ControlPlane.Errors;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Migrations;

/// <summary>The refusals of the migration API and store, worded for the operator.</summary>
internal static class MigrationErrors
{
    public static ControlPlaneException NotFound(string id) => new(ProblemKind.NotFound, "Migration not found", $"There is no migration '{id}'.");

    public static ControlPlaneException AlreadyMoving(Migration active) => ControlPlaneException.Conflict(
        "Tenant already moving",
        $"Tenant '{active.Tenant}' is already being moved by migration {active.Id} ({active.State}, cell '{active.From}' to '{active.To}'); wait for it to end or abort it (POST /api/v1/migrations/{active.Id}/abort).");

    public static ControlPlaneException Pinned(string tenant, string cell) => ControlPlaneException.Conflict(
        "Tenant is pinned",
        $"Tenant '{tenant}' is pinned to cell '{cell}'. Unpin it first, or pass \"force\": true to move it anyway (it stays pinned, to its new cell).");

    public static ControlPlaneException SameCell(string tenant, string cell) => ControlPlaneException.Conflict(
        "Tenant already in that cell",
        $"Tenant '{tenant}' already lives in cell '{cell}'; name another cell as 'to', or leave 'to' out to let placement choose.");

    /// <summary>The audit and log target of a migration.</summary>
    public static string Target(string id) => $"migration/{id}";
}
