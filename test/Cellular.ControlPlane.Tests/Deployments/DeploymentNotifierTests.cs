using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Deployments;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Cellular.ControlPlane.Tests.Deployments;

public sealed class DeploymentNotifierTests : IAsyncLifetime
{
    private const string Secret = "webhook-secret";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Notify_FirstAttempt503_RetriedAfterBackoff_SignedJsonWithEventHeader()
    {
        _receiver.Answer = (name, attempt) => Task.FromResult(name == "flaky" && attempt == 1 ? 503 : 200);
        using var host = await StartHostAsync(new() { ["0:Url"] = $"{_receiver.Url}/flaky", ["0:Secret"] = Secret });
        var notifier = host.Services.GetRequiredService<DeploymentNotifier>();

        var notifiedAt = _time.GetUtcNow();
        notifier.Notify(DeploymentEvents.Succeeded, Deployment("dep-7"));

        await Eventually.TrueAsync(() => Task.FromResult(_receiver.Received("flaky").Count == 1), "the first attempt");

        // The retry waits on the (fake) clock: nothing arrives until it moves.
        await Task.Delay(100);
        Assert.Single(_receiver.Received("flaky"));
        await AdvanceUntilAsync(() => _receiver.Received("flaky").Count == 2, "the retry");

        var attempts = _receiver.Received("flaky");
        Assert.Equal(attempts[0].Body, attempts[1].Body);
        Assert.Equal(attempts[0].Header("X-Cellular-Delivery"), attempts[1].Header("X-Cellular-Delivery"));
        var delivered = attempts[1];
        Assert.Equal("deployment.succeeded", delivered.Header("X-Cellular-Event"));
        Assert.StartsWith("application/json", delivered.ContentType, StringComparison.Ordinal);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), delivered.Body));
        Assert.Equal(expected, delivered.Header("X-Cellular-Signature"));

        using var json = JsonDocument.Parse(delivered.Body);
        Assert.Equal("deployment.succeeded", json.RootElement.GetProperty("event").GetString());
        Assert.Equal("dep-7", json.RootElement.GetProperty("deployment").GetProperty("id").GetString());
        Assert.Equal("Succeeded", json.RootElement.GetProperty("deployment").GetProperty("state").GetString());
        var body = JsonSerializer.Deserialize(delivered.Body, CellularJsonContext.Default.DeploymentWebhookEvent)!;
        Assert.Equal(notifiedAt, body.At);
        Assert.Equal("2.0.0", body.Deployment.Version);

        await Task.Delay(100);
        Assert.Equal(2, _receiver.Received("flaky").Count);
    }

    [Fact]
    public async Task Notify_OnlyWebhooksThatWantTheEventGetIt()
    {
        using var host = await StartHostAsync(new()
        {
            ["0:Url"] = $"{_receiver.Url}/all",
            ["1:Url"] = $"{_receiver.Url}/failures",
            ["1:Events:0"] = DeploymentEvents.Failed,
            ["1:Events:1"] = DeploymentEvents.RolledBack,
        });
        var notifier = host.Services.GetRequiredService<DeploymentNotifier>();

        notifier.Notify(DeploymentEvents.Succeeded, Deployment("dep-1"));
        notifier.Notify(DeploymentEvents.RolledBack, Deployment("dep-2"));
        notifier.Notify(DeploymentEvents.WaitingForApproval, Deployment("dep-3"));

        await Eventually.TrueAsync(() => Task.FromResult(_receiver.Received("all").Count == 3), "three events at the catch-all hook");
        await Eventually.TrueAsync(() => Task.FromResult(_receiver.Received("failures").Count == 1), "the rollback at the failures hook");
        Assert.Equal(["deployment.succeeded", "deployment.rolled-back", "deployment.waiting-for-approval"], _receiver.Received("all").Select(r => r.Header("X-Cellular-Event")));
        var rollback = Assert.Single(_receiver.Received("failures"));
        Assert.Equal("deployment.rolled-back", rollback.Header("X-Cellular-Event"));
        Assert.Null(rollback.Header("X-Cellular-Signature"));
    }

    [Fact]
    public async Task Notify_Always500_GivesUpAfterFiveAttempts_ThenDeliversTheNextEvent()
    {
        _receiver.Answer = (_, attempt) => Task.FromResult(attempt <= 5 ? 500 : 200);
        using var host = await StartHostAsync(new() { ["0:Url"] = $"{_receiver.Url}/down" });
        var notifier = host.Services.GetRequiredService<DeploymentNotifier>();

        notifier.Notify(DeploymentEvents.Failed, Deployment("dep-1"));
        await AdvanceUntilAsync(() => _receiver.Received("down").Count == 5, "five attempts");
        notifier.Notify(DeploymentEvents.Succeeded, Deployment("dep-2"));
        await Eventually.TrueAsync(() => Task.FromResult(_receiver.Received("down").Count == 6), "the next event");

        Assert.Equal(
            ["deployment.failed", "deployment.failed", "deployment.failed", "deployment.failed", "deployment.failed", "deployment.succeeded"],
            _receiver.Received("down").Select(r => r.Header("X-Cellular-Event")));
    }

    [Fact]
    public async Task Notify_ClientError_NotRetried()
    {
        _receiver.Answer = (_, attempt) => Task.FromResult(attempt == 1 ? 400 : 200);
        using var host = await StartHostAsync(new() { ["0:Url"] = $"{_receiver.Url}/strict" });
        var notifier = host.Services.GetRequiredService<DeploymentNotifier>();

        notifier.Notify(DeploymentEvents.Paused, Deployment("dep-1"));
        notifier.Notify(DeploymentEvents.Aborted, Deployment("dep-1"));

        await Eventually.TrueAsync(() => Task.FromResult(_receiver.Received("strict").Count == 2), "both events");
        Assert.Equal(["deployment.paused", "deployment.aborted"], _receiver.Received("strict").Select(r => r.Header("X-Cellular-Event")));
    }

    [Fact]
    public async Task Notify_ReceiverFallsBehind_OldestQueuedEventDropped_NotifyNeverWaits()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _receiver.Answer = async (_, attempt) =>
        {
            if (attempt == 1)
            {
                await release.Task;
            }

            return 200;
        };
        using var host = await StartHostAsync(new() { ["0:Url"] = $"{_receiver.Url}/slow" });
        var notifier = host.Services.GetRequiredService<DeploymentNotifier>();

        notifier.Notify(DeploymentEvents.Succeeded, Deployment("dep-1"));
        await Eventually.TrueAsync(() => Task.FromResult(_receiver.Received("slow").Count == 1), "the first event in flight");
        for (var i = 2; i <= DeploymentNotifier.QueueCapacity + 2; i++)
        {
            notifier.Notify(DeploymentEvents.Succeeded, Deployment($"dep-{i}"));
        }

        release.SetResult();
        await Eventually.TrueAsync(() => Task.FromResult(_receiver.Received("slow").Count == DeploymentNotifier.QueueCapacity + 1), "the queued events");

        var ids = _receiver.Received("slow").Select(r => JsonSerializer.Deserialize(r.Body, CellularJsonContext.Default.DeploymentWebhookEvent)!.Deployment.Id).ToList();
        Assert.Equal(["dep-1", .. Enumerable.Range(3, DeploymentNotifier.QueueCapacity).Select(i => $"dep-{i}")], ids);
    }

    [Fact]
    public async Task Notify_UnknownEvent_Throws()
    {
        using var host = await StartHostAsync(new() { ["0:Url"] = $"{_receiver.Url}/any" });

        Assert.Throws<ArgumentException>(() => host.Services.GetRequiredService<DeploymentNotifier>().Notify("deployment.exploded", Deployment("dep-1")));
    }

    [Fact]
    public async Task AddDeploymentPieces_InvalidOptions_FailAtStart()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartHostAsync(new() { ["0:Url"] = "not a url" }));

        Assert.Contains("Cellular:ControlPlane:Deployments:Webhooks:0:Url", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddDeploymentPieces_RegistersWindowsAndClientTimeout()
    {
        using var host = await StartHostAsync([]);

        Assert.True(host.Services.GetRequiredService<DeploymentWindows>().IsOpen(_time.GetUtcNow()));
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(DeploymentNotifier.HttpClientName);
        Assert.Equal(TimeSpan.FromSeconds(5), client.Timeout);
        Assert.Contains(host.Services.GetServices<IHostedService>(), s => s is DeploymentNotifier);
    }

    private async Task<IHost> StartHostAsync(Dictionary<string, string?> webhooks)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(webhooks.ToDictionary(kv => $"{DeploymentOptions.SectionName}:Webhooks:{kv.Key}", kv => kv.Value));
        builder.Services.AddLogging();
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddDeploymentPieces();
        var host = builder.Build();
        try
        {
            await host.StartAsync();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Moves the fake clock a second at a time (retry delays wait on it) until <paramref name="condition"/> holds.</summary>
    private Task AdvanceUntilAsync(Func<bool> condition, string what) =>
        Eventually.TrueAsync(
            () =>
            {
                if (condition())
                {
                    return Task.FromResult(true);
                }

                _time.Advance(TimeSpan.FromSeconds(1));
                return Task.FromResult(false);
            },
            what);

    private Deployment Deployment(string id)
    {
        var at = _time.GetUtcNow();
        return new Deployment(
            id,
            null,
            DeploymentState.Succeeded,
            "2.0.0",
            new CellRelease("2.0.0", null, new Dictionary<string, string>()),
            [new DeploymentWave(0, ["c1"], DeploymentWaveState.Succeeded, 10)],
            [new DeploymentCell("c1", 0, DeploymentCellState.Deployed)],
            MaxParallel: 2,
            DeploymentApproval.None,
            RollbackAll: false,
            new DeploymentGates(0.05, 2, 50, 20, 60),
            "admin",
            at,
            at,
            at,
            Reason: null,
            Evidence: [],
            Report: null);
    }
}
