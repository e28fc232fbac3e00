using System.Text.Json;
using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Fleet;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Apis;

/// <summary>
/// <c>/api/v1/fleet</c>: the fleet table (one row per cell, sorted, filtered and paged on the
/// server), its live stream of server-sent events and one cell's row against its peers; and
/// <c>/api/v1/tenants/{id}/route</c>, where the published table sends a tenant and why.
/// </summary>
internal static class FleetApi
{
    /// <summary>How often an idle stream sends a comment, so proxies and browsers keep it open.</summary>
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    /// <summary>The reconnection delay the stream asks browsers for, in milliseconds.</summary>
    public const int RetryMilliseconds = 2000;

    public static RouteGroupBuilder MapFleetApi(this RouteGroupBuilder api)
    {
        var fleet = api.MapGroup("/fleet").WithTags("fleet");
        fleet.MapGet(string.Empty, GetAsync).RequireAuthorization(AuthPolicies.ReadOnly);
        fleet.MapGet("/stream", StreamAsync).RequireAuthorization(AuthPolicies.ReadOnly);
        fleet.MapGet("/cells/{id}", async (string id, FleetService service, CancellationToken ct) => TypedResults.Ok(await service.GetCellAsync(id, ct)))
            .RequireAuthorization(AuthPolicies.ReadOnly);
        api.MapGet("/tenants/{id}/route", async (string id, TenantRouteService service, CancellationToken ct) => TypedResults.Ok(await service.GetAsync(id, ct)))
            .WithTags("tenants")
            .RequireAuthorization(AuthPolicies.ReadOnly);
        return api;
    }

    private static async Task<Ok<FleetPage>> GetAsync(HttpRequest request, FleetService service, CancellationToken ct) =>
        TypedResults.Ok(await service.GetPageAsync(FleetQuery.Parse(request), ct));

    /// <summary>
    /// <c>event: fleet</c> with the page at once and after every sample, <c>: keep-alive</c> while
    /// nothing changes, until the client leaves. Each connection builds one page per sample, no more.
    /// </summary>
    private static async Task StreamAsync(HttpContext context, FleetService service, FleetSampler sampler, TimeProvider time, IOptions<FleetOptions> options, IHostApplicationLifetime lifetime)
    {
        // Validate before the 200 goes out, so a bad query is still a 400 problem.
        var query = FleetQuery.Parse(context.Request);

        // Ends when the client leaves or the control plane stops (streams would otherwise hold up a graceful shutdown).
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var ct = ended.Token;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            await response.WriteAsync($"retry: {RetryMilliseconds}\n\n", ct);
            var next = sampler.Sampled;
            await WriteEventAsync(response, await service.GetPageAsync(query, ct), ct);
            var lastSent = time.GetUtcNow();
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var keepAlive = Task.Delay(KeepAliveInterval, time, wait.Token);
                var woke = await Task.WhenAny(next, keepAlive);
                await wait.CancelAsync();
                if (woke != next)
                {
                    await response.WriteAsync(": keep-alive\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    continue;
                }

                // At most one event per sample interval, however often samples are taken.
                var due = lastSent + options.Value.SampleInterval - time.GetUtcNow();
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, time, ct);
                }

                next = sampler.Sampled;
                await WriteEventAsync(response, await service.GetPageAsync(query, ct), ct);
                lastSent = time.GetUtcNow();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client left.
        }
    }

    private static async Task WriteEventAsync(HttpResponse response, FleetPage page, CancellationToken ct)
    {
        await response.WriteAsync("event: fleet\ndata: ", ct);
        // Serialised JSON has no raw newlines (they are escaped in strings), so one data line holds it.
        await JsonSerializer.SerializeAsync(response.Body, page, CellularJsonContext.Default.FleetPage, ct);
        await response.Body.WriteAsync("\n\n"u8.ToArray(), ct);
        await response.Body.FlushAsync(ct);
    }
}
