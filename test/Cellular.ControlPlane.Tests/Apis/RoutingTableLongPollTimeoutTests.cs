using System.Net;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Cellular.ControlPlane.Tests.Apis;

public sealed class RoutingTableLongPollTimeoutTests : IDisposable
{
    private readonly TempDirectory _root = new("cp-poll");
    private readonly FakeTimeProvider _time = new();
    private readonly ControlPlaneApp _app;
    private readonly HttpClient _client;

    public RoutingTableLongPollTimeoutTests()
    {
        _app = new ControlPlaneApp(_root.Path, time: _time);
        _client = _app.Client();
    }

    public void Dispose()
    {
        _client.Dispose();
        _app.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task LongPoll_NoChangeWithinWait_Returns304AfterTheWait()
    {
        var version = await _client.GetVersionAsync();

        var poll = _client.GetAsync($"/api/v1/routing-table?since={version}&wait=30");

        // The wait runs on the injected clock: 29 s are never enough, whenever the request starts waiting.
        _time.Advance(TimeSpan.FromSeconds(29));
        await Task.WhenAny(poll, Task.Delay(300));
        Assert.False(poll.IsCompleted);

        for (var i = 0; i < 200 && !poll.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(poll, Task.Delay(50));
        }

        using var response = await poll.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal($"\"{version}\"", response.Headers.ETag?.Tag);
    }
}
