using Cellular.Cell.Internal;
using Cellular.Cell.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Ownership;

/// <summary>
/// For every app request with a valid tenant: counts it in flight (so a fence can drain it), then
/// refuses it with 421 before any work when the tenant is fenced or moved here or the request's
/// epoch is stale; and turns a <see cref="TenantMisdirectedException"/> from the app's in-transaction
/// check into the same 421. Does nothing when the app has no <see cref="ITenantOwnershipStore"/>.
/// </summary>
internal sealed partial class TenantOwnershipMiddleware(
    RequestDelegate next,
    TenantOwnershipCache cache,
    TenantActivity activity,
    IOptions<CellOptions> options,
    ILogger<TenantOwnershipMiddleware> logger)
{
    private readonly string _cellId = options.Value.Id;

    public Task InvokeAsync(HttpContext context)
    {
        if (!cache.IsEnabled || CellPaths.IsCellContract(context.Request.Path))
        {
            return next(context);
        }

        var tenant = context.GetTenantContext();
        return tenant.IsValid ? GuardAsync(context, tenant.TenantId, tenant.Epoch) : next(context);
    }

    private async Task GuardAsync(HttpContext context, string tenant, long? epoch)
    {
        // Count the request before checking, so a fence that lands after the check still waits for it.
        var counter = activity.Enter(tenant);
        try
        {
            var ownership = await cache.GetAsync(tenant, context.RequestAborted).ConfigureAwait(false);
            if (TenantOwnershipRules.Refusal(tenant, ownership, epoch) is { } reason)
            {
                LogMisdirected(logger, tenant, ownership.State, ownership.Epoch, epoch);
                await MisdirectedProblem.WriteAsync(context, _cellId, tenant, ownership, reason).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        }
        catch (TenantMisdirectedException e) when (!context.Response.HasStarted)
        {
            LogMisdirected(logger, e.Tenant, e.Ownership.State, e.Ownership.Epoch, epoch);
            context.Response.Clear();
            await MisdirectedProblem.WriteAsync(context, _cellId, e.Tenant, e.Ownership, e.Message).ConfigureAwait(false);
        }
        finally
        {
            activity.Exit(tenant, counter);
        }
    }
}
