using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cellular.ControlPlane.Tests.Deployments;

/// <summary>
/// Webhook receivers on a real Kestrel port: <c>POST /{name}</c> records the request and answers
/// with whatever <see cref="Answer"/> says for that receiver and attempt.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ReceivedWebhook>> _received = new(StringComparer.Ordinal);

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; private set; } = string.Empty;

    /// <summary>The status for the n-th (1-based) request to a receiver; awaited, so it can hold a request. Default 200.</summary>
    public Func<string, int, Task<int>> Answer { get; set; } = (_, _) => Task.FromResult(StatusCodes.Status200OK);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{name}", async (string name, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var queue = receiver._received.GetOrAdd(name, _ => new ConcurrentQueue<ReceivedWebhook>());
            var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            queue.Enqueue(new ReceivedWebhook(headers, body.ToArray(), request.ContentType));
            return Results.StatusCode(await receiver.Answer(name, queue.Count));
        });
        await app.StartAsync();
        receiver.Url = app.Urls.Single();
        return receiver;
    }

    /// <summary>What <paramref name="name"/> received, in order.</summary>
    public IReadOnlyList<ReceivedWebhook> Received(string name) =>
        _received.TryGetValue(name, out var queue) ? [.. queue] : [];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One POST a <see cref="WebhookReceiver"/> got.</summary>
public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, byte[] Body, string? ContentType)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
