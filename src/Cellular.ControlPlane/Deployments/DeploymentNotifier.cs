using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Cellular.ControlPlane.Configuration;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Cellular.ControlPlane.Deployments;

/// <summary>
/// Tells the configured webhooks (<c>Cellular:ControlPlane:Deployments:Webhooks</c>) what happened to
/// a deployment. <see cref="Notify"/> only queues: each receiver has its own bounded queue (the
/// oldest event is dropped, with a warning, when one falls behind) and its own delivery loop, so a
/// dead receiver neither slows a deployment nor the other receivers. Deliveries are JSON POSTs,
/// retried with exponential backoff on network errors, timeouts, 5xx and 429.
/// </summary>
internal sealed partial class DeploymentNotifier : BackgroundService
{
    /// <summary>The named <see cref="HttpClient"/> deliveries use.</summary>
    public const string HttpClientName = "cellular-webhooks";

    /// <summary>Attempts per delivery, the first included.</summary>
    public const int MaxAttempts = 5;

    /// <summary>Events a receiver may fall behind by before the oldest is dropped.</summary>
    public const int QueueCapacity = 100;

    /// <summary>Header naming the event.</summary>
    public const string EventHeader = "X-Cellular-Event";

    /// <summary>Header with <c>sha256={hex HMAC-SHA256 of the body}</c> when the receiver has a secret.</summary>
    public const string SignatureHeader = "X-Cellular-Signature";

    /// <summary>Header with an id that stays the same across the retries of one delivery, so receivers can drop duplicates.</summary>
    public const string DeliveryHeader = "X-Cellular-Delivery";

    /// <summary>How long one attempt may take.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Delay before the first retry; doubles for each further one (1, 2, 4, 8 s).</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);

    private static readonly ResiliencePropertyKey<Delivery> DeliveryKey = new("cellular.webhook-delivery");

    private readonly IHttpClientFactory _clients;
    private readonly TimeProvider _time;
    private readonly ILogger<DeploymentNotifier> _logger;
    private readonly IReadOnlyList<Receiver> _receivers;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;

    public DeploymentNotifier(IOptions<DeploymentOptions> options, IHttpClientFactory clients, TimeProvider time, ILogger<DeploymentNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients;
        _time = time;
        _logger = logger;
        _receivers = options.Value.Webhooks.Select(CreateReceiver).ToList();
        _retry = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = MaxAttempts - 1,
                Delay = FirstRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.CancellationToken)),
                OnRetry = OnRetry,
            })
            .Build();
    }

    /// <summary>
    /// Queues <paramref name="eventName"/> (one of <see cref="DeploymentEvents.All"/>) for every
    /// webhook that wants it. Never waits: delivery happens in the background.
    /// </summary>
    public void Notify(string eventName, Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (!DeploymentEvents.IsKnown(eventName))
        {
            throw new ArgumentException($"'{eventName}' is not a deployment event; use one of {string.Join(", ", DeploymentEvents.All)}.", nameof(eventName));
        }

        var receivers = _receivers.Where(r => r.Wants(eventName)).ToList();
        if (receivers.Count == 0)
        {
            return;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new DeploymentWebhookEvent(eventName, _time.GetUtcNow(), deployment), CellularJsonContext.Default.DeploymentWebhookEvent);
        var pending = new PendingEvent(eventName, deployment.Id, deployment.Version, body);
        foreach (var receiver in receivers)
        {
            // Bounded with DropOldest: always accepted, the dropped one is logged by the queue's callback.
            receiver.Queue.Writer.TryWrite(pending);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_receivers.Select(r => DeliverLoopAsync(r, stoppingToken)));

    private async Task DeliverLoopAsync(Receiver receiver, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var pending in receiver.Queue.Reader.ReadAllAsync(cancellationToken))
            {
                await DeliverAsync(receiver, pending, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: events still queued are not delivered.
        }
    }

    private async Task DeliverAsync(Receiver receiver, PendingEvent pending, CancellationToken cancellationToken)
    {
        var delivery = new Delivery(receiver, pending, _clients.CreateClient(HttpClientName), Guid.NewGuid().ToString("N"));
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(DeliveryKey, delivery);
        try
        {
            using var response = await _retry.ExecuteAsync(static (ctx, d) => d.SendAsync(ctx.CancellationToken), context, delivery);
            if (response.IsSuccessStatusCode)
            {
                Log.Delivered(_logger, pending.Event, pending.Deployment, pending.Version, receiver.Name, delivery.Attempts);
            }
            else
            {
                Log.Failed(_logger, pending.Event, pending.Deployment, pending.Version, receiver.Name, delivery.Attempts, Describe(response));
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong, it is this delivery's failure: the loop (and the host) carry on.
            Log.Failed(_logger, pending.Event, pending.Deployment, pending.Version, receiver.Name, delivery.Attempts, ex.Message);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken) => outcome switch
    {
        { Exception: HttpRequestException or IOException } => true,

        // The client's timeout, not our shutdown.
        { Exception: OperationCanceledException } => !cancellationToken.IsCancellationRequested,
        { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests,
        _ => false,
    };

    private ValueTask OnRetry(OnRetryArguments<HttpResponseMessage> args)
    {
        var reason = args.Outcome.Result is { } response ? Describe(response) : args.Outcome.Exception?.Message ?? "no answer";
        args.Outcome.Result?.Dispose();
        if (args.Context.Properties.TryGetValue(DeliveryKey, out var delivery))
        {
            var pending = delivery.Pending;
            Log.Retrying(_logger, pending.Event, pending.Deployment, pending.Version, delivery.Receiver.Name, delivery.Attempts, reason, args.RetryDelay);
        }

        return ValueTask.CompletedTask;
    }

    private Receiver CreateReceiver(DeploymentWebhookOptions options)
    {
        var uri = new Uri(options.Url, UriKind.Absolute);

        // Only scheme, host and port go to logs: hook URLs often carry a token in their path.
        var name = uri.GetLeftPart(UriPartial.Authority);
        var queue = Channel.CreateBounded<PendingEvent>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped => Log.Dropped(_logger, dropped.Event, dropped.Deployment, dropped.Version, name, QueueCapacity));
        var secret = string.IsNullOrEmpty(options.Secret) ? null : Encoding.UTF8.GetBytes(options.Secret);
        return new Receiver(uri, name, options.Events.ToHashSet(StringComparer.Ordinal), secret, queue);
    }

    private static string Describe(HttpResponseMessage response) =>
        $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();

    /// <summary>A configured webhook with its queue.</summary>
    private sealed record Receiver(Uri Url, string Name, IReadOnlySet<string> Events, byte[]? Secret, Channel<PendingEvent> Queue)
    {
        public bool Wants(string eventName) => Events.Count == 0 || Events.Contains(eventName);
    }

    /// <summary>An event waiting for a receiver, its body already serialized.</summary>
    private sealed record PendingEvent(string Event, string Deployment, string Version, byte[] Body);

    /// <summary>One delivery of one event to one receiver, across its attempts.</summary>
    private sealed class Delivery(Receiver receiver, PendingEvent pending, HttpClient client, string id)
    {
        private int _attempts;

        public Receiver Receiver => receiver;

        public PendingEvent Pending => pending;

        public int Attempts => Volatile.Read(ref _attempts);

        public async ValueTask<HttpResponseMessage> SendAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            using var request = new HttpRequestMessage(HttpMethod.Post, receiver.Url);
            request.Content = new ByteArrayContent(pending.Body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.Add(EventHeader, pending.Event);
            request.Headers.Add(DeliveryHeader, id);
            if (receiver.Secret is { } secret)
            {
                request.Headers.Add(SignatureHeader, "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, pending.Body)));
            }

            return await client.SendAsync(request, cancellationToken);
        }
    }
}
