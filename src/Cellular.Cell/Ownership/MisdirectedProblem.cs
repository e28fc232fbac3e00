using Cellular.Core;
using Cellular.Core.Api;
using Microsoft.AspNetCore.Http;

namespace Cellular.Cell.Ownership;

/// <summary>
/// The 421 Misdirected Request answer for a tenant this cell does not serve, with
/// <c>X-Cellular-Owner</c> when the owner is known, so the router can refresh and retry once.
/// </summary>
internal static class MisdirectedProblem
{
    public const string Title = "Tenant not served by this cell";

    public static Task WriteAsync(HttpContext context, string cell, string tenant, TenantOwnership ownership, string reason)
    {
        if (ownership is { State: TenantOwnershipState.Moved, MovedTo: { } owner })
        {
            context.Response.Headers[CellularHeaders.TenantOwner] = owner;
        }

        var extensions = new Dictionary<string, object?>
        {
            ["tenant"] = tenant,
            ["cell"] = cell,
            ["state"] = ownership.State.ToString(),
            ["epoch"] = ownership.Epoch,
        };
        if (ownership.MovedTo is not null)
        {
            extensions["owner"] = ownership.MovedTo;
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status421MisdirectedRequest, title: Title, detail: reason, extensions: extensions)
            .ExecuteAsync(context);
    }
}
