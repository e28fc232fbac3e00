using System.Collections.Concurrent;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>
/// A stand-in for a router on a real Kestrel port that answers <c>GET /_router/stats</c> with
/// whatever <see cref="Stats"/> says for each cell, so tests decide what the routers "saw".
/// </summary>
public sealed class FakeRouter : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(long From, long To)> _queries = new();
    private Func<long, long, IReadOnlyList<RouterCellStats>> _stats = (_, _) => [];
    private int _status = StatusCodes.Status200OK;
    private long _tableVersion = 1;

    private FakeRouter(WebApplication app) => _app = app;

    public string Url { get; private set; } = string.Empty;

    /// <summary>The cells' stats for a query <c>(from, to)</c> in Unix milliseconds.</summary>
    public Func<long, long, IReadOnlyList<RouterCellStats>> Stats
    {
        get => Volatile.Read(ref _stats);
        set => Volatile.Write(ref _stats, value);
    }

    /// <summary>The status <c>/_router/stats</c> answers with; anything but 200 is an error without stats.</summary>
    public int Status
    {
        get => Volatile.Read(ref _status);
        set => Volatile.Write(ref _status, value);
    }

    /// <summary>
    /// The routing-table version the router reports using; a deployment waits until every router
    /// reports a cell's switch, so <see cref="long.MaxValue"/> makes that wait end at once.
    /// </summary>
    public long TableVersion
    {
        get => Volatile.Read(ref _tableVersion);
        set => Volatile.Write(ref _tableVersion, value);
    }

    /// <summary>Every <c>(from, to)</c> asked for, in order.</summary>
    public IReadOnlyList<(long From, long To)> Queries => [.. _queries];

    /// <summary>The <c>Authorization</c> header of every stats request, in order (empty when none was sent).</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    public static async Task<FakeRouter> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var router = new FakeRouter(app);
        app.MapGet("/_router/stats", (long from, long to, HttpRequest request) =>
        {
            router.Authorizations.Enqueue(request.Headers.Authorization.ToString());
            router._queries.Enqueue((from, to));
            return router.Status != StatusCodes.Status200OK
                ? Results.Problem(statusCode: router.Status, title: "Fake router error")
                : Results.Json(new RouterStats(from, to, router.TableVersion, router.Stats(from, to)), CellularJsonContext.Default.RouterStats);
        });
        await app.StartAsync();
        router.Url = app.Urls.Single();
        return router;
    }

    /// <summary>Stats of one cell: <paramref name="errors"/> upstream errors among <paramref name="requests"/>.</summary>
    public static RouterCellStats Cell(string cell, long requests, long errors = 0, double p99Ms = 10, params string[] tenantsWithErrors) =>
        new(cell, requests, requests - errors, new RouterErrorCounts(errors, 0, 0, 0, 0, 0), p99Ms / 2, p99Ms, (int)Math.Min(requests, 100), tenantsWithErrors, tenantsWithErrors.Length);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
