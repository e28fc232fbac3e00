using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cellular.Cell.Internal;

/// <summary>Tells the cell contract (<c>/_cell/*</c>) apart from the app's own requests.</summary>
internal static class CellPaths
{
    /// <summary>
    /// True for <c>/_cell</c> and everything under it: the router and control plane must always
    /// reach these, so faults and fencing never apply to them.
    /// </summary>
    public static bool IsCellContract(PathString path) => path.StartsWithSegments(CellularEndpointRouteBuilderExtensions.Prefix);
}
