namespace Cellular.Simulation;

/// <summary>
/// The simulated network: every message between two nodes is delayed (and so reordered), may be
/// dropped, duplicated where a retrying client could send it twice, and is lost when a partition
/// separates the nodes at the time it is sent or the receiver is down when it arrives. Remote calls
/// are a request and an answer over it, with a timeout on the caller's clock.
/// </summary>
internal sealed class SimNetwork(SimScheduler scheduler, Random random, NetworkProfile profile)
{
    private readonly Dictionary<int, HashSet<SimNode>> _partitions = [];
    private int _nextPartition;

    /// <summary>Cuts <paramref name="group"/> off from every other node until <see cref="Heal"/>.</summary>
    public int Isolate(IEnumerable<SimNode> group)
    {
        var id = _nextPartition++;
        _partitions[id] = [.. group];
        return id;
    }

    public void Heal(int partition) => _partitions.Remove(partition);

    public void HealAll() => _partitions.Clear();

    public bool IsCut(SimNode a, SimNode b)
    {
        foreach (var group in _partitions.Values)
        {
            if (group.Contains(a) != group.Contains(b))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sends one message; <paramref name="deliver"/> runs on <paramref name="to"/> when (and if) it arrives.</summary>
    public void Send(SimNode from, SimNode to, string what, bool duplicable, Action deliver)
    {
        var trace = scheduler.Trace;
        if (IsCut(from, to) || random.NextDouble() < profile.DropRate)
        {
            if (trace.IsEnabled)
            {
                trace.Add(scheduler.Now, $"{from} -> {to} {what} LOST");
            }

            return;
        }

        var copies = duplicable && random.NextDouble() < profile.DuplicateRate ? 2 : 1;
        for (var copy = 0; copy < copies; copy++)
        {
            var delay = Delay();
            if (trace.IsEnabled)
            {
                trace.Add(scheduler.Now, $"{from} -> {to} {what} (+{delay} ms{(copy > 0 ? ", duplicate" : string.Empty)})");
            }

            scheduler.After(delay, to, deliver);
        }
    }

    /// <summary>
    /// Calls <paramref name="handle"/> on <paramref name="to"/> (atomically, when the request arrives)
    /// and completes with its answer, a <see cref="RemoteRefusalException"/> it threw, a
    /// <see cref="CallTimeoutException"/> after <paramref name="timeoutMs"/>, or a cancellation of <paramref name="scope"/>.
    /// </summary>
    public SimOp<T> Call<T>(SimNode from, SimNode to, string what, long timeoutMs, bool duplicable, CancellationScope? scope, Func<T> handle)
    {
        var op = new SimOp<T>();
        var caller = from.Incarnation;
        scope?.Register(() => op.TrySetError(new OperationCanceledException($"{what} cancelled: the run lost its lease.")));
        Send(from, to, what, duplicable, () =>
        {
            T? result = default;
            RemoteRefusalException? refusal = null;
            try
            {
                result = handle();
            }
            catch (RemoteRefusalException e)
            {
                refusal = e;
            }

            if (scheduler.Trace.IsEnabled)
            {
                scheduler.Trace.Add(scheduler.Now, $"{to} handled {what}: {(refusal is null ? Describe(result) : "refused: " + refusal.Message)}");
            }

            Send(to, from, $"reply to {what}", duplicable: false, () =>
            {
                if (from.Incarnation != caller)
                {
                    // The caller restarted since: its connection, and whoever awaited the answer, are gone.
                    return;
                }

                if (refusal is null)
                {
                    op.TrySetResult(result!);
                }
                else
                {
                    op.TrySetError(new RemoteRefusalException(refusal.Message, refusal.Code));
                }
            });
        });
        scheduler.After(timeoutMs, from, () => op.TrySetError(new CallTimeoutException($"{what}: no answer from {to} within {timeoutMs} ms.")));
        return op;
    }

    private static string Describe<T>(T? result) => result switch
    {
        null => "none",
        string text => text,
        System.Collections.IEnumerable items => "[" + string.Join("; ", items.Cast<object>()) + "]",
        _ => result.ToString() ?? "ok",
    };

    private int Delay()
    {
        var delay = random.Next(profile.MinDelayMs, profile.MaxDelayMs + 1);
        if (random.NextDouble() < profile.SpikeRate)
        {
            delay += random.Next(0, profile.SpikeMs + 1);
        }

        return delay;
    }
}
