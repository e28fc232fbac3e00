using System.Collections.Concurrent;
using System.Globalization;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>
/// A stand-in for a cell app on a real Kestrel port: answers <c>/_cell/health</c>,
/// <c>/_cell/info</c> and <c>/_cell/faults</c> like the Cellular.Cell SDK, so static cells need
/// no Notes process, and records the fault calls it gets.
/// </summary>
public sealed class FakeCell : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _faultCalls = new();
    private readonly ConcurrentQueue<string> _authorizations = new();
    private byte[]? _secret;
    private int _refused;
    private int _healthStatus = StatusCodes.Status200OK;
    private string _version = "1.0.0";
    private int _faultStatus = StatusCodes.Status201Created;
    private int _nextFault;
    private TaskCompletionSource? _hang;
    private TaskCompletionSource _hungRequestArrived = NewSignal();

    private FakeCell(WebApplication app, string id)
    {
        _app = app;
        Id = id;
    }

    public string Id { get; }

    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>The cell id <c>/_cell/health</c> and <c>/_cell/info</c> report (a different one pretends another cell took the port).</summary>
    public string ReportedId { get; set; } = string.Empty;

    /// <summary>The version <c>/_cell/health</c> and <c>/_cell/info</c> report (a deployed release's).</summary>
    public string Version
    {
        get => Volatile.Read(ref _version);
        set => Volatile.Write(ref _version, value);
    }

    /// <summary>
    /// The cell's secret: once set, every <c>/_cell/*</c> call but health must carry the control
    /// plane's credential for this cell (401 otherwise), as the Cellular.Cell SDK requires.
    /// </summary>
    public byte[]? Secret
    {
        get => Volatile.Read(ref _secret);
        set => Volatile.Write(ref _secret, value);
    }

    /// <summary>How many <c>/_cell/*</c> calls were refused for a missing or bad credential.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>The status <c>/_cell/health</c> answers with.</summary>
    public int HealthStatus
    {
        get => Volatile.Read(ref _healthStatus);
        set => Volatile.Write(ref _healthStatus, value);
    }

    /// <summary>The status <c>POST /_cell/faults</c> answers with; anything but 201 refuses the fault.</summary>
    public int FaultStatus
    {
        get => Volatile.Read(ref _faultStatus);
        set => Volatile.Write(ref _faultStatus, value);
    }

    /// <summary>Faults set and not deleted, by id.</summary>
    public ConcurrentDictionary<string, CellFaultRequest> ActiveFaults { get; } = new();

    /// <summary>Every fault call in order: <c>POST f1 error 30s</c>, <c>DELETE f1</c>, <c>DELETE *</c>.</summary>
    public IReadOnlyList<string> FaultCalls => [.. _faultCalls];

    /// <summary>Every <c>Authorization</c> value the cell was sent (the control plane's credentials).</summary>
    public IReadOnlyList<string> Authorizations => [.. _authorizations];

    /// <summary>Completes when a health request arrives while <see cref="HangHealth"/> is on.</summary>
    public Task HungRequestArrived => Volatile.Read(ref _hungRequestArrived).Task;

    public static async Task<FakeCell> StartAsync(string id, string? reportedId = null, string version = "1.0.0")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var cell = new FakeCell(app, id) { ReportedId = reportedId ?? id, Version = version };
        app.Use(async (context, next) =>
        {
            foreach (var value in context.Request.Headers.Authorization)
            {
                cell._authorizations.Enqueue(value ?? string.Empty);
            }

            if (cell.Refuses(context))
            {
                Interlocked.Increment(ref cell._refused);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context);
        });
        app.MapGet("/_cell/health", (Func<HttpContext, Task<IResult>>)cell.HealthAsync);
        MapInfo(app, () => cell.ReportedId, () => cell.Version);
        cell.MapFaults(app);
        await app.StartAsync();
        cell.Endpoint = app.Urls.Single();
        return cell;
    }

    /// <summary>The cell contract endpoints the process provider tests need; with a <paramref name="secret"/>, <c>/_cell/info</c> wants the control plane's credential.</summary>
    public static void Map(WebApplication endpoints, string id, Func<int> healthStatus, byte[]? secret = null)
    {
        if (secret is not null)
        {
            endpoints.Use(async (context, next) =>
            {
                if (context.Request.Path.StartsWithSegments("/_cell/info") && TestCredentials.Check(context.Request, secret, id) is not null)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }

                await next(context);
            });
        }

        endpoints.MapGet("/_cell/health", () =>
            Results.Json(new CellHealth("Healthy", id, "1.0.0"), CellularJsonContext.Default.CellHealth, statusCode: healthStatus()));
        MapInfo(endpoints, () => id, () => "1.0.0");
    }

    /// <summary>Makes <c>/_cell/health</c> hang until <see cref="ReleaseHealth"/> (or the caller gives up).</summary>
    public void HangHealth()
    {
        Volatile.Write(ref _hungRequestArrived, NewSignal());
        Volatile.Write(ref _hang, NewSignal());
    }

    public void ReleaseHealth() => Interlocked.Exchange(ref _hang, null)?.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        ReleaseHealth();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private bool Refuses(HttpContext context) =>
        Secret is { } secret
        && context.Request.Path.StartsWithSegments("/_cell")
        && !context.Request.Path.Equals("/_cell/health")
        && TestCredentials.Check(context.Request, secret, Id) is not null;

    private async Task<IResult> HealthAsync(HttpContext context)
    {
        if (Volatile.Read(ref _hang) is { } hang)
        {
            Volatile.Read(ref _hungRequestArrived).TrySetResult();
            await hang.Task.WaitAsync(context.RequestAborted);
        }

        return Results.Json(new CellHealth("Healthy", ReportedId, Version), CellularJsonContext.Default.CellHealth, statusCode: HealthStatus);
    }

    private static void MapInfo(IEndpointRouteBuilder endpoints, Func<string> id, Func<string> version)
    {
        var startedAt = TimeProvider.System.GetUtcNow();
        endpoints.MapGet("/_cell/info", () =>
            Results.Json(new CellInfo(id(), version(), 0, Environment.ProcessId, startedAt), CellularJsonContext.Default.CellInfo));
    }

    private void MapFaults(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/_cell/faults", async (HttpContext context) =>
        {
            var request = await context.Request.ReadFromJsonAsync(CellularJsonContext.Default.CellFaultRequest);
            if (FaultStatus != StatusCodes.Status201Created)
            {
                _faultCalls.Enqueue("POST refused");
                return Results.Problem(statusCode: FaultStatus, title: "Refused by the fake cell");
            }

            var id = string.Create(CultureInfo.InvariantCulture, $"f{Interlocked.Increment(ref _nextFault)}");
            ActiveFaults[id] = request!;
            _faultCalls.Enqueue(string.Create(CultureInfo.InvariantCulture, $"POST {id} {request!.Kind?.ToString().ToLowerInvariant()} {request.DurationSeconds}s"));
            var now = TimeProvider.System.GetUtcNow();
            var fault = new CellFault(id, request.Kind!.Value, request.DurationSeconds!.Value, request.LatencyMs, request.Status, request.Rate ?? 1, request.Tenants, now, now.AddSeconds(request.DurationSeconds.Value));
            return Results.Json(fault, CellularJsonContext.Default.CellFault, statusCode: StatusCodes.Status201Created);
        });
        endpoints.MapDelete("/_cell/faults/{id}", (string id) =>
        {
            _faultCalls.Enqueue($"DELETE {id}");
            return ActiveFaults.TryRemove(id, out _) ? Results.NoContent() : Results.Problem(statusCode: 404, title: "Fault not found");
        });
        endpoints.MapDelete("/_cell/faults", () =>
        {
            _faultCalls.Enqueue("DELETE *");
            ActiveFaults.Clear();
            return Results.NoContent();
        });
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
