using Cellular.Cell.Security;
using Microsoft.Extensions.Time.Testing;

namespace Cellular.Cell.Tests.Security;

/// <summary>The replay cache remembers accepted ids until they expire, and refuses rather than grows past its capacity.</summary>
public sealed class ControlCredentialReplayCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TryAccept_SameIdBeforeItExpires_IsReplayed()
    {
        var cache = new ControlCredentialReplayCache(_time);
        var until = _time.GetUtcNow().AddMinutes(1);

        Assert.Equal(ControlCredentialReplayCache.Outcome.Accepted, cache.TryAccept("a", until));
        Assert.Equal(ControlCredentialReplayCache.Outcome.Replayed, cache.TryAccept("a", until));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ControlCredentialReplayCache.Outcome.Replayed, cache.TryAccept("a", until));
        Assert.Equal(ControlCredentialReplayCache.Outcome.Accepted, cache.TryAccept("b", until));
    }

    [Fact]
    public void TryAccept_Full_PurgesExpiredIdsOrRefuses()
    {
        var cache = new ControlCredentialReplayCache(_time, capacity: 3);
        var now = _time.GetUtcNow();
        cache.TryAccept("short1", now.AddSeconds(10));
        cache.TryAccept("short2", now.AddSeconds(10));
        cache.TryAccept("long", now.AddMinutes(10));

        Assert.Equal(ControlCredentialReplayCache.Outcome.Full, cache.TryAccept("new", now.AddMinutes(1)));
        Assert.Equal(3, cache.Count);

        _time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(ControlCredentialReplayCache.Outcome.Accepted, cache.TryAccept("new", now.AddMinutes(1)));
        Assert.Equal(2, cache.Count);
        Assert.Equal(ControlCredentialReplayCache.Outcome.Replayed, cache.TryAccept("long", now.AddMinutes(10)));
    }

    [Fact]
    public void DefaultCapacity_IsAHundredThousand() =>
        Assert.Equal(100_000, new ControlCredentialReplayCache(_time).Capacity);
}
