namespace Cellular.ControlPlane.Migrations;

/// <summary>A tenant a rebalance may move: where it is, what it weighs and what moving it costs.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Cell">Its cell.</param>
/// <param name="Weight">Its weight.</param>
/// <param name="Size">What moving it costs, at least 1.</param>
/// <param name="SizeUnit"><c>rows</c> or <c>weight</c>.</param>
internal sealed record RebalanceCandidate(string Tenant, string Cell, int Weight, long Size, string SizeUnit);
