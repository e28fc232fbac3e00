using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Auth;

/// <summary>
/// How many denied attempts are audited: at most <see cref="ControlPlaneAuthOptions.DeniedAuditPerMinute"/>
/// per minute (a fixed window); the others are counted and the count goes with the next entry
/// written. Three numbers of state, whatever the traffic.
/// </summary>
internal sealed class DeniedAttemptLimiter(IOptions<ControlPlaneAuthOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _written;
    private long _suppressed;

    /// <summary>True when this attempt is audited, with the number suppressed since the last audited one.</summary>
    public bool TryTake(out long suppressedBefore)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (now - _windowStart >= Window)
            {
                _windowStart = now;
                _written = 0;
            }

            if (_written < options.Value.DeniedAuditPerMinute)
            {
                _written++;
                suppressedBefore = _suppressed;
                _suppressed = 0;
                return true;
            }

            _suppressed++;
            suppressedBefore = 0;
            return false;
        }
    }
}
