using Cellular.Router.Sync;

namespace Cellular.Router.Tests.Sync;

public sealed class BackoffTests
{
    [Theory]
    [InlineData(1, 100, 200)]
    [InlineData(2, 200, 400)]
    [InlineData(3, 400, 800)]
    [InlineData(6, 2500, 5000)]
    [InlineData(50, 2500, 5000)]
    public void Delay_AfterFailures_GrowsWithJitterAndCapsAtFiveSeconds(int failures, int minMs, int maxMs)
    {
        var random = new Random(42);
        for (var i = 0; i < 100; i++)
        {
            var delay = Backoff.Delay(failures, random);

            Assert.InRange(delay.TotalMilliseconds, minMs, maxMs);
        }
    }
}
