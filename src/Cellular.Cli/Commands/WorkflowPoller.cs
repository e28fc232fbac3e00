using Cellular.Cli.Api;

namespace Cellular.Cli.Commands;

/// <summary>
/// Polls the control plane until a workflow (experiment, migration) settles. Workflows run on the
/// server and resume after it restarts, so a watcher rides out a short outage instead of giving up;
/// only a control plane silent for longer than <paramref name="unreachableLimit"/> ends the watch.
/// </summary>
internal sealed class WorkflowPoller(TimeProvider timeProvider, TimeSpan interval, TimeSpan unreachableLimit)
{
    /// <summary>
    /// Reports <paramref name="initial"/>, then fetches (given the last value) and reports again every interval until
    /// <paramref name="isDone"/> holds. While the control plane does not answer, the last value is
    /// reported again (so elapsed times keep moving).
    /// </summary>
    /// <exception cref="ControlPlaneUnreachableException">No answer for longer than the limit.</exception>
    public async Task<T> PollAsync<T>(T initial, Func<T, bool> isDone, Func<T, CancellationToken, Task<T>> fetch, Action<T> onUpdate, CancellationToken cancellationToken)
    {
        var current = initial;
        onUpdate(current);
        DateTimeOffset? silentSince = null;
        while (!isDone(current))
        {
            await Task.Delay(interval, timeProvider, cancellationToken);
            try
            {
                current = await fetch(current, cancellationToken);
                silentSince = null;
            }
            catch (ControlPlaneUnreachableException)
            {
                var now = timeProvider.GetUtcNow();
                silentSince ??= now;
                if (now - silentSince.Value >= unreachableLimit)
                {
                    throw;
                }
            }

            onUpdate(current);
        }

        return current;
    }
}
