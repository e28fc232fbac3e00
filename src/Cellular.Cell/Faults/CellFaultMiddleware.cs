using Cellular.Cell.Internal;
using Cellular.Cell.Tenancy;
using Cellular.Core.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cellular.Cell.Faults;

/// <summary>
/// Applies the cell's active faults to the app's requests, before the app runs. <c>/_cell/*</c> is
/// never faulted, so the control plane can always see the process's real health and clear faults.
/// With no faults set the cost is one reference read.
/// </summary>
internal sealed partial class CellFaultMiddleware(
    RequestDelegate next,
    CellFaultRegistry registry,
    ICellProcessTerminator terminator,
    TimeProvider timeProvider,
    ILogger<CellFaultMiddleware> logger)
{
    public const string ProblemTitle = "Injected fault";

    public Task InvokeAsync(HttpContext context)
    {
        var faults = registry.Current;
        if (faults.IsEmpty || CellPaths.IsCellContract(context.Request.Path))
        {
            return next(context);
        }

        return InjectAsync(context, faults);
    }

    private async Task InjectAsync(HttpContext context, CellFaultSet faults)
    {
        var now = timeProvider.GetUtcNow();
        var tenant = context.GetTenantContext().TenantId;
        foreach (var fault in faults.Faults)
        {
            if (!fault.AppliesTo(now, tenant))
            {
                continue;
            }

            try
            {
                await fault.Pipeline.ExecuteAsync(static _ => ValueTask.CompletedTask, context.RequestAborted).ConfigureAwait(false);
            }
            catch (InjectedFaultException e)
            {
                await HitAsync(context, e.Fault, tenant).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client left during injected latency; there is nobody to answer.
                return;
            }
        }

        await next(context).ConfigureAwait(false);
    }

    private async Task HitAsync(HttpContext context, CellFault fault, string? tenant)
    {
        var request = context.Request;
        switch (fault.Kind)
        {
            case CellFaultKind.Crash:
                LogCrashInjected(logger, fault.Id, request.Method, request.Path.Value, tenant);
                terminator.Terminate($"Cellular fault {fault.Id} (crash) crashes the cell process: {request.Method} {request.Path.Value} of tenant {tenant ?? "(none)"}.");
                context.Abort();
                break;
            case CellFaultKind.Abort:
                LogFaultInjected(logger, fault.Id, fault.Kind, request.Method, request.Path.Value, tenant);
                context.Abort();
                break;
            default:
                LogFaultInjected(logger, fault.Id, fault.Kind, request.Method, request.Path.Value, tenant);
                var status = fault.Status ?? CellFaultRequestValidator.DefaultErrorStatus;
                await TypedResults.Problem(
                    statusCode: status,
                    title: ProblemTitle,
                    detail: $"Fault {fault.Id} answered {status} instead of the app (a chaos experiment; it expires at {fault.ExpiresAt:O}).",
                    extensions: new Dictionary<string, object?> { ["faultId"] = fault.Id }).ExecuteAsync(context).ConfigureAwait(false);
                break;
        }
    }
}
