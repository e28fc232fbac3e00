using Cellular.ControlPlane.Publishing;

namespace Cellular.ControlPlane.Apis;

/// <summary>
/// The wait both routing-table endpoints share: read, and until the answer is newer than what the
/// router has or the wait runs out, read again each time the publisher announces a version.
/// </summary>
internal static class TableLongPoll
{
    /// <summary>The last answer read: newer than the router's version, or the newest there was when the wait ran out.</summary>
    /// <param name="publisher">Announces committed versions.</param>
    /// <param name="changed">The publisher's <see cref="RoutingTablePublisher.Changed"/>, taken before <paramref name="first"/> was read, so nothing in between is missed.</param>
    /// <param name="first">The answer already read.</param>
    /// <param name="read">Reads the answer again.</param>
    /// <param name="isNewer">Whether an answer is newer than what the router has.</param>
    /// <param name="wait">How long to wait at most.</param>
    /// <param name="time">The clock.</param>
    /// <param name="ct">The request's cancellation.</param>
    public static async Task<T> WaitAsync<T>(
        RoutingTablePublisher publisher,
        Task changed,
        T first,
        Func<CancellationToken, Task<T>> read,
        Func<T, bool> isNewer,
        TimeSpan wait,
        TimeProvider time,
        CancellationToken ct)
    {
        var answer = first;
        if (isNewer(answer) || wait <= TimeSpan.Zero)
        {
            return answer;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var timeout = Task.Delay(wait, time, stop.Token);
        try
        {
            while (await Task.WhenAny(changed, timeout) == changed)
            {
                changed = publisher.Changed;
                answer = await read(ct);
                if (isNewer(answer))
                {
                    return answer;
                }
            }

            return answer;
        }
        finally
        {
            await stop.CancelAsync();
        }
    }
}
