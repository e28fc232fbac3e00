using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Cellular.Simulation;

/// <summary>
/// An operation of the simulated system that completes later in simulated time (a remote call, a
/// timer). Awaitable; its continuation runs synchronously inside the scheduler's event that
/// completes it, so nothing depends on threads. Only the first completion counts (a response
/// after a timeout, a duplicated response, is ignored). An operation bound to a
/// <see cref="CancellationScope"/> ends with <see cref="OperationCanceledException"/> when the
/// scope is cancelled, like an HTTP call given the run's token.
/// </summary>
internal sealed class SimOp<T> : INotifyCompletion
{
    private Action? _continuation;
    private T? _result;
    private Exception? _error;

    public bool IsCompleted { get; private set; }

    public SimOp<T> GetAwaiter() => this;

    public void OnCompleted(Action continuation)
    {
        if (IsCompleted)
        {
            continuation();
            return;
        }

        _continuation = continuation;
    }

    public T GetResult()
    {
        if (_error is not null)
        {
            ExceptionDispatchInfo.Throw(_error);
        }

        return _result!;
    }

    public bool TrySetResult(T result)
    {
        if (IsCompleted)
        {
            return false;
        }

        _result = result;
        return Complete();
    }

    public bool TrySetError(Exception error)
    {
        if (IsCompleted)
        {
            return false;
        }

        _error = error;
        return Complete();
    }

    private bool Complete()
    {
        IsCompleted = true;
        var continuation = _continuation;
        _continuation = null;
        continuation?.Invoke();
        return true;
    }
}
