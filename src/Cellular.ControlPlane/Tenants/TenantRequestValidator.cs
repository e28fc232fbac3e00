using Cellular.ControlPlane.Cells;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Tenants;

/// <summary>Checks a <see cref="CreateTenantRequest"/> and fills in defaults, refusing with a message that names the field.</summary>
internal static class TenantRequestValidator
{
    public const int MaxWeight = 1_000_000;

    public static TenantPlacementRequest Validate(CreateTenantRequest request)
    {
        var id = RequireTenantId(request.Id);
        var weight = request.Weight ?? 1;
        if (weight is < 1 or > MaxWeight)
        {
            throw ControlPlaneException.BadRequest($"The weight must be 1 to {MaxWeight} weight units, not {weight}.");
        }

        var cell = request.Cell is null ? null : CellRequestValidator.RequireCellId(request.Cell);
        var region = CellRequestValidator.Name(request.Region, "region");
        return new TenantPlacementRequest(id, weight, cell, region);
    }

    public static string RequireTenantId(string? id) =>
        Ids.DescribeInvalidTenantId(id) is { } problem ? throw ControlPlaneException.BadRequest(problem) : id!;
}
