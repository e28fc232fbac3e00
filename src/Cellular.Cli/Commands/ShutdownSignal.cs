using System.Runtime.InteropServices;

namespace Cellular.Cli.Commands;

/// <summary>
/// Turns Ctrl+C and SIGTERM into a cancellation token, so <c>cellctl up</c> can stop its
/// children in order instead of dying under them; a second signal raises <see cref="Forced"/>.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration? _sigterm;
    private int _signals;

    public ShutdownSignal()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        if (!OperatingSystem.IsWindows())
        {
            _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSigterm);
        }
    }

    /// <summary>Raised on the second signal: the user does not want to wait for a graceful stop.</summary>
    public event Action? Forced;

    /// <summary>Cancelled on the first signal.</summary>
    public CancellationToken Token => _requested.Token;

    /// <summary>True once a signal arrived.</summary>
    public bool IsRequested => _requested.IsCancellationRequested;

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _sigterm?.Dispose();
        _requested.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        Signal();
    }

    private void OnSigterm(PosixSignalContext context)
    {
        context.Cancel = true;
        Signal();
    }

    private void Signal()
    {
        if (Interlocked.Increment(ref _signals) == 1)
        {
            _requested.Cancel();
        }
        else
        {
            Forced?.Invoke();
        }
    }
}
