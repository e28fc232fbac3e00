using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>
/// A fake wall clock (timers and delays fire only when the test advances it) whose timestamps are
/// real, so durations a component measures (a migration's write pause) are true.
/// </summary>
public sealed class TestClock() : FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero))
{
    public override long GetTimestamp() => Stopwatch.GetTimestamp();

    public override long TimestampFrequency => Stopwatch.Frequency;
}
