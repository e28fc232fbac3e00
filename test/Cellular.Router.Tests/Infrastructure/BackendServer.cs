using System.Collections.Concurrent;
using System.Text.Json;
using Cellular.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cellular.Router.Tests.Infrastructure;

/// <summary>
/// A stand-in cell: records every request it gets and answers with a JSON echo of what it saw.
/// It also sends forged <c>X-Cell-Id</c>/<c>X-Cell-Route</c> headers, which the router must replace.
/// </summary>
internal sealed class BackendServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BackendServer(WebApplication app, string url, string name)
    {
        _app = app;
        Url = url;
        Name = name;
    }

    public string Url { get; }

    public string Name { get; }

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    /// <summary>Headers added to every answer, e.g. internal ones the router must not pass on.</summary>
    public ConcurrentDictionary<string, string> ExtraResponseHeaders { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// When set, every request is refused as a cell refuses a bad router assertion: 401,
    /// <c>WWW-Authenticate: CellularAssertion</c> and a body with cell-internal detail (<see cref="RefusalDetail"/>).
    /// </summary>
    public bool RefuseAssertions
    {
        get => Volatile.Read(ref _refuseAssertions);
        set => Volatile.Write(ref _refuseAssertions, value);
    }

    /// <summary>What a refusing backend says in its body: must never reach a tenant.</summary>
    public const string RefusalDetail = "cell-internal: assertion generation 1 retired, secret fingerprint 4f2a";

    private bool _refuseAssertions;

    public static async Task<BackendServer> StartAsync(string name)
    {
        BackendServer? server = null;
        var (app, url) = await TestServer.StartAsync(async context =>
        {
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var seen = new SeenRequest(name, context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", headers);
            server!.Requests.Enqueue(seen);
            if (server.RefuseAssertions)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "CellularAssertion";
                context.Response.ContentType = "application/problem+json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(new { title = "Unauthenticated", detail = RefusalDetail }));
                return;
            }

            context.Response.Headers[CellularHeaders.CellId] = "forged-by-cell";
            context.Response.Headers[CellularHeaders.CellRoute] = "forged; v=0";
            context.Response.Headers["X-Backend"] = name;
            foreach (var (header, value) in server.ExtraResponseHeaders)
            {
                context.Response.Headers[header] = value;
            }
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(seen));
        });
        server = new BackendServer(app, url, name);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What a backend saw of one request.</summary>
internal sealed record SeenRequest(string Backend, string Method, string Path, string Query, Dictionary<string, string> Headers)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
