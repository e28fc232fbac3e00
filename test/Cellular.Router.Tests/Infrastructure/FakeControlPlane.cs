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
/// By default it has no <c>/api/v1/routing-table/delta</c> (404, like a control plane from before
/// deltas); started with <c>deltas: true</c> it long-polls that too and answers with the deltas
/// published for the version asked about, or 410 when none was. Like the real one it serves
/// <c>GET /api/v1/auth/assertion-keys</c> (keys of <see cref="KeyGeneration"/> for every cell of
/// every table published, derived from <see cref="TestKeys"/>) and answers 401 to every request
/// without <c>Authorization: Bearer {RouterToken}</c>.
/// </summary>
internal sealed class FakeControlPlane : IAsyncDisposable
{
    public const string TablePath = "/api/v1/routing-table";
    public const string DeltaPath = "/api/v1/routing-table/delta";
    public const string KeysPath = "/api/v1/auth/assertion-keys";

    /// <summary>The router credential the fake demands; RouterHost sends it by default.</summary>
    public const string RouterToken = "cel_routertest01_c2VjcmV0LW9mLXRoZS10ZXN0LXJvdXRlcg";

    private readonly HashSet<string> _cells = new(StringComparer.Ordinal);
    private long _keyGeneration = 1;
    private int _unauthorized;
    private bool _keysDown;
    private int _failWith;

    private readonly Lock _lock = new();
    private readonly Dictionary<long, byte[]> _deltas = [];
    private WebApplication _app = null!;
    private bool _serveDeltas;
    private byte[]? _body;
    private long _version;
    private TaskCompletionSource _published = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;

    public string Url { get; private set; } = "";

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests refused for a missing or wrong router token.</summary>
    public int Unauthorized => Volatile.Read(ref _unauthorized);

    /// <summary>The assertion-key generation served; set it to rotate.</summary>
    public long KeyGeneration
    {
        get => Interlocked.Read(ref _keyGeneration);
        set => Interlocked.Exchange(ref _keyGeneration, value);
    }

    /// <summary>While not 0, every request is answered with this status (a replica in trouble: 500, 503…).</summary>
    public int FailWith
    {
        get => Volatile.Read(ref _failWith);
        set => Volatile.Write(ref _failWith, value);
    }

    /// <summary>While true, the assertion-key endpoint answers 503.</summary>
    public bool KeysDown
    {
        get => Volatile.Read(ref _keysDown);
        set => Volatile.Write(ref _keysDown, value);
    }

    /// <summary>Requests for the assertion keys so far.</summary>
    public int KeyRequests => CountRequests(r => r.StartsWith(KeysPath, StringComparison.Ordinal));

    public List<string> RequestLog { get; } = [];

    /// <summary>Requests for the full table (with or without <c>since</c>) so far.</summary>
    public int FullTableRequests => CountRequests(r => r == TablePath || r.StartsWith(TablePath + "?", StringComparison.Ordinal));

    /// <summary>Full-table requests without <c>since</c>: fetches, not long polls.</summary>
    public int FullFetches => CountRequests(r => r == TablePath);

    /// <summary>Requests for deltas so far.</summary>
    public int DeltaRequests => CountRequests(r => r.StartsWith(DeltaPath, StringComparison.Ordinal));

    /// <summary>Starts the fake; <paramref name="deltas"/> turns the delta endpoint on.</summary>
    public static async Task<FakeControlPlane> StartAsync(RoutingTableSnapshot? initial = null, int port = 0, bool deltas = false)
    {
        var cp = new FakeControlPlane { _serveDeltas = deltas };
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
    public void Publish(RoutingTableSnapshot snapshot)
    {
        lock (_lock)
        {
            foreach (var cell in snapshot.Cells)
            {
                _cells.Add(cell.Id);
            }
        }

        PublishRaw(snapshot.Version, JsonSerializer.SerializeToUtf8Bytes(snapshot, CellularJsonContext.Default.RoutingTableSnapshot));
    }

    /// <summary>
    /// Serves <paramref name="snapshot"/> as the full table and answers <c>/delta?since={forSince}</c>
    /// (default: the delta's base version) with <paramref name="delta"/>, whatever it says.
    /// </summary>
    public void Publish(RoutingTableSnapshot snapshot, RoutingTableDelta delta, long? forSince = null)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(delta, CellularJsonContext.Default.RoutingTableDelta);
        lock (_lock)
        {
            _deltas[forSince ?? delta.BaseVersion] = body;
        }

        // After the delta, so a poll woken by the new version finds it.
        Publish(snapshot);
    }

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

        if (FailWith != 0)
        {
            context.Response.StatusCode = FailWith;
            return;
        }

        if (context.Request.Headers.Authorization != "Bearer " + RouterToken)
        {
            Interlocked.Increment(ref _unauthorized);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            context.Response.ContentType = "application/problem+json";
            await context.Response.WriteAsync("""{"title":"Unauthorized","status":401,"detail":"No valid credential."}""");
            return;
        }

        if (context.Request.Path == KeysPath)
        {
            await HandleKeysAsync(context);
            return;
        }

        if (_serveDeltas && context.Request.Path == DeltaPath)
        {
            await HandleDeltaAsync(context);
            return;
        }

        if (context.Request.Path != TablePath)
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

    private async Task HandleKeysAsync(HttpContext context)
    {
        if (KeysDown)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        string[] cells;
        lock (_lock)
        {
            cells = [.. _cells];
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(TestKeys.Set(KeyGeneration, cells), CellularJsonContext.Default.AssertionKeySet));
    }

    private async Task HandleDeltaAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (!long.TryParse(query["since"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var since) || since < 1)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var wait = TimeSpan.FromSeconds(int.Parse(query["wait"].ToString() is { Length: > 0 } w ? w : "0", CultureInfo.InvariantCulture));
        var deadline = Task.Delay(wait, context.RequestAborted);
        byte[]? delta;
        long version;
        while (true)
        {
            Task published;
            lock (_lock)
            {
                version = _version;
                _deltas.TryGetValue(since, out delta);
                published = _published.Task;
            }

            if (version > since)
            {
                break;
            }

            if (await Task.WhenAny(published, deadline) == deadline)
            {
                context.Response.Headers.ETag = $"\"{version}\"";
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }

        context.Response.Headers.ETag = $"\"{version}\"";
        if (delta is null)
        {
            context.Response.StatusCode = StatusCodes.Status410Gone;
            context.Response.ContentType = "application/problem+json";
            await context.Response.WriteAsync($$"""{"title":"Routing-table changes not kept","status":410,"detail":"No delta after version {{since}}."}""");
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(delta);
    }

    private int CountRequests(Func<string, bool> match)
    {
        lock (RequestLog)
        {
            return RequestLog.Count(match);
        }
    }
}
