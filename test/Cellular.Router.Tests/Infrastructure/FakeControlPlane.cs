using System.Globalization;
using System.Text.Json;
using Cellular.Core.Json;
using Cellular.Core.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cellular.Router.Tests.Infrastructure;

/// <summary>
/// A control plane that serves <c>GET /api/v1/routing-table</c> as docs/contracts.md describes:
/// full snapshot with ETag and If-None-Match, and the long poll <c>?since={v}&amp;wait={s}</c>.
/// </summary>
internal sealed class FakeControlPlane : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private WebApplication _app = null!;
    private byte[]? _body;
    private long _version;
    private TaskCompletionSource _published = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;

    public string Url { get; private set; } = "";

    public int Requests => Volatile.Read(ref _requests);

    public List<string> RequestLog { get; } = [];

    public static async Task<FakeControlPlane> StartAsync(RoutingTableSnapshot? initial = null, int port = 0)
    {
        var cp = new FakeControlPlane();
        if (initial is not null)
        {
            cp.Publish(initial);
        }

        var (app, url) = await TestServer.StartAsync(cp.HandleAsync, port);
        cp._app = app;
        cp.Url = url;
        return cp;
    }

    /// <summary>Serves <paramref name="snapshot"/> from now on and answers waiting long polls.</summary>
    public void Publish(RoutingTableSnapshot snapshot) =>
        PublishRaw(snapshot.Version, JsonSerializer.SerializeToUtf8Bytes(snapshot, CellularJsonContext.Default.RoutingTableSnapshot));

    /// <summary>Serves arbitrary bytes as the table of <paramref name="version"/> (to test refusal).</summary>
    public void PublishRaw(long version, byte[] body)
    {
        TaskCompletionSource published;
        lock (_lock)
        {
            _version = version;
            _body = body;
            published = _published;
            _published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        published.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        lock (RequestLog)
        {
            RequestLog.Add(context.Request.Path + context.Request.QueryString);
        }

        if (context.Request.Path != "/api/v1/routing-table")
        {
            context.Response.StatusCode = 404;
            return;
        }

        var query = context.Request.Query;
        if (query.TryGetValue("since", out var sinceValue))
        {
            var since = long.Parse(sinceValue.ToString(), CultureInfo.InvariantCulture);
            var wait = TimeSpan.FromSeconds(int.Parse(query["wait"].ToString() is { Length: > 0 } w ? w : "30", CultureInfo.InvariantCulture));
            var deadline = Task.Delay(wait, context.RequestAborted);
            while (true)
            {
                Task published;
                lock (_lock)
                {
                    if (_body is not null && _version > since)
                    {
                        break;
                    }

                    published = _published.Task;
                }

                if (await Task.WhenAny(published, deadline) == deadline)
                {
                    context.Response.StatusCode = StatusCodes.Status304NotModified;
                    return;
                }
            }
        }

        byte[]? body;
        long version;
        while (true)
        {
            Task published;
            lock (_lock)
            {
                body = _body;
                version = _version;
                published = _published.Task;
            }

            if (body is not null)
            {
                break;
            }

            // Nothing published yet: hold the request, like a control plane that is still starting.
            await published.WaitAsync(context.RequestAborted);
        }

        var etag = $"\"{version}\"";
        if (context.Request.Headers.IfNoneMatch == etag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.Headers.ETag = etag;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(body);
    }
}
