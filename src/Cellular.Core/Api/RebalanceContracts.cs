using System.Text.Json.Serialization;
using Cellular.Core.Model;

namespace Cellular.Core.Api;

/// <summary>Answer of <c>POST /api/v1/cells/{id}/evacuate</c>: the cell, drained, and a migration for each of its tenants.</summary>
/// <param name="Cell">The evacuated cell.</param>
/// <param name="State">Its state now (Draining, unless it was Unhealthy or Quarantined).</param>
/// <param name="Migrations">The migrations created, one per tenant, queued by the per-cell limits.</param>
/// <param name="Skipped">Tenants not moved, and why (pinned, already moving, no cell has room).</param>
public sealed record CellEvacuation(string Cell, CellState State, IReadOnlyList<Migration> Migrations, IReadOnlyList<SkippedTenant> Skipped);

/// <summary>A tenant an evacuation or a rebalance left where it is.</summary>
public sealed record SkippedTenant(string Tenant, string Reason);

/// <summary>Body of <c>POST /api/v1/rebalance</c>; every field is optional.</summary>
/// <param name="Threshold">Utilisation (load / capacity) above which a cell sheds tenants and below which one takes them, more than 0 and at most 1; default 0.8.</param>
/// <param name="DryRun">True = only show the plan; false (default) = also create its migrations.</param>
/// <param name="MaxMoves">At most this many moves, 1–1000; default 100.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RebalanceRequest(double? Threshold = null, bool? DryRun = null, int? MaxMoves = null);

/// <summary>A rebalance plan: greedy moves from cells above the threshold to cells below it, best balance gained per unit moved first.</summary>
/// <param name="Threshold">The threshold used.</param>
/// <param name="DryRun">True when nothing was created.</param>
/// <param name="Moves">The moves in the order chosen.</param>
/// <param name="Before">Active cells' utilisation before (counting migrations already under way).</param>
/// <param name="After">Their utilisation once every move of the plan is done.</param>
/// <param name="Migrations">The migrations created (empty for a dry run).</param>
/// <param name="Skipped">Moves of the plan that could not be created, and why.</param>
public sealed record RebalancePlan(
    double Threshold,
    bool DryRun,
    IReadOnlyList<RebalanceMove> Moves,
    IReadOnlyList<CellUtilisation> Before,
    IReadOnlyList<CellUtilisation> After,
    IReadOnlyList<Migration> Migrations,
    IReadOnlyList<SkippedTenant> Skipped);

/// <summary>One move of a rebalance plan.</summary>
/// <param name="Tenant">The tenant to move.</param>
/// <param name="From">Its cell.</param>
/// <param name="To">The cell it goes to.</param>
/// <param name="Weight">Its weight.</param>
/// <param name="Size">What moving it costs, in <paramref name="SizeUnit"/>.</param>
/// <param name="SizeUnit"><c>rows</c> (from the source cell) or <c>weight</c> (when the cell did not say).</param>
/// <param name="FromUtilisation">The source's utilisation after this move.</param>
/// <param name="ToUtilisation">The target's utilisation after this move.</param>
public sealed record RebalanceMove(string Tenant, string From, string To, int Weight, long Size, string SizeUnit, double FromUtilisation, double ToUtilisation);

/// <summary>How full a cell is.</summary>
public sealed record CellUtilisation(string Cell, long Load, int Capacity, double Utilisation);
