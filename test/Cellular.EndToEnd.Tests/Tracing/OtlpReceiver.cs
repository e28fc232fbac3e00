using System.Collections.Concurrent;
using System.Net;
using Cellular.Testing;

namespace Cellular.EndToEnd.Tests.Tracing;

/// <summary>
/// A stand-in OTLP/HTTP collector on a loopback port: accepts <c>POST /v1/traces</c> with protobuf
/// bodies, as every program of the stack exports them, and keeps the spans.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public OtlpReceiver()
    {
        var port = FreePort.Next();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The collector's base address, for <c>Cellular:Telemetry:Otlp:Endpoint</c>.</summary>
    public string Endpoint { get; }

    public ConcurrentQueue<ReceivedSpan> Spans { get; } = new();

    /// <summary>Export requests that were not a POST to <c>/v1/traces</c> or did not decode.</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    /// <summary>Waits until <paramref name="found"/> holds over the spans received so far.</summary>
    public async Task<T> WaitForAsync<T>(Func<IReadOnlyList<ReceivedSpan>, T?> found, TimeSpan timeout, string what)
        where T : class
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            if (found([.. Spans]) is { } result)
            {
                return result;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}. Received {Spans.Count} spans:\n{string.Join("\n", Spans)}\nProblems: {string.Join("; ", Problems)}");
        return null;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                if (context.Request.HttpMethod == "POST" && context.Request.Url?.AbsolutePath == "/v1/traces")
                {
                    foreach (var span in OtlpTraceReader.Read(body.ToArray()))
                    {
                        Spans.Enqueue(span);
                    }

                    context.Response.StatusCode = 200;
                }
                else
                {
                    Problems.Enqueue($"{context.Request.HttpMethod} {context.Request.Url}");
                    context.Response.StatusCode = 404;
                }
            }
            catch (Exception e)
            {
                Problems.Enqueue(e.ToString());
                context.Response.StatusCode = 400;
            }

            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
