using System.IO.Pipelines;
using System.Net.Sockets;

namespace Cellular.Router.Forwarding.Lean;

/// <summary>
/// One keep-alive HTTP/1.1 connection to a cell: the socket and the pipes over it, the parsed head
/// of the response in progress, and the token that ends a wait on the cell (the cell's activity
/// timeout or the client leaving). Used by one request at a time; pooled by <see cref="UpstreamPool"/>.
/// </summary>
internal sealed class UpstreamConnection : IDisposable
{
    private const int BufferSize = 16 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly TimeProvider _time;
    private CancellationTokenSource _cancel;
    private long _armedAt;
    private bool _armed;

    /// <summary>Wraps a connected socket.</summary>
    public UpstreamConnection(Socket socket, TimeProvider time)
    {
        _socket = socket;
        _time = time;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: BufferSize, minimumReadSize: 2048, leaveOpen: true));
        Writer = PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: 4096, leaveOpen: true));
        _cancel = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
    }

    /// <summary>Reads the cell's responses.</summary>
    public PipeReader Reader { get; }

    /// <summary>Writes requests to the cell.</summary>
    public PipeWriter Writer { get; }

    /// <summary>The head of the response being read; reused for every response on this connection.</summary>
    public ResponseHead Head { get; } = new();

    /// <summary>Ends every wait of the current request on the cell (timeout or client gone).</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>True once <see cref="Token"/> fired: the connection is in an unknown state and is never reused.</summary>
    public bool Canceled => _cancel.IsCancellationRequested;

    /// <summary>True when the timeout, not the client, ended the wait.</summary>
    public bool TimedOut { get; private set; }

    /// <summary>The timestamp the connection last went idle.</summary>
    public long IdleSince { get; set; }

    /// <summary>
    /// Starts (or restarts) the activity timeout of the current request. Restarting costs a timer
    /// change, so it is skipped while the last start is less than a quarter of the timeout old:
    /// the cell then gets at least three quarters of its timeout after its last progress.
    /// </summary>
    public void Arm(TimeSpan timeout)
    {
        var now = _time.GetTimestamp();
        if (_armed && now - _armedAt < (long)(timeout.TotalSeconds * _time.TimestampFrequency / 4))
        {
            return;
        }

        _cancel.CancelAfter(timeout);
        _armedAt = now;
        _armed = true;
    }

    /// <summary>Stops the activity timeout; true when the connection may go on (nothing canceled it).</summary>
    public bool Disarm()
    {
        _armed = false;
        return _cancel.TryReset();
    }

    /// <summary>Cancels the current request's waits because its client left.</summary>
    public void Abort()
    {
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }

    /// <summary>Notes that the timeout fired (called when a wait ended with <see cref="Token"/> and the client is still there).</summary>
    public void MarkTimedOut() => TimedOut = true;

    /// <summary>Readies the connection for the next request: forgets the last one's timeout.</summary>
    public void Reset()
    {
        TimedOut = false;
        var usable = _armed ? Disarm() : !_cancel.IsCancellationRequested;
        if (!usable)
        {
            _cancel.Dispose();
            _cancel = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        }
    }

    /// <summary>
    /// True when the idle connection still looks usable: no unread byte is left in the pipe and,
    /// when <paramref name="poll"/> (a request that cannot simply be sent again), the socket says the
    /// cell has not closed it nor sent anything unasked — one system call.
    /// </summary>
    public bool LooksAlive(bool poll)
    {
        try
        {
            if (!poll)
            {
                return NothingLeft();
            }

            if (_socket.Poll(0, SelectMode.SelectRead))
            {
                // Readable while idle: either closed by the cell or bytes nobody asked for.
                return false;
            }
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        return NothingLeft();
    }

    private bool NothingLeft()
    {
        if (Reader.TryRead(out var leftover))
        {
            var empty = leftover.Buffer.IsEmpty && !leftover.IsCompleted;
            Reader.AdvanceTo(leftover.Buffer.Start);
            return empty;
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Reader.Complete();
        Writer.Complete();
        _stream.Dispose();
        _cancel.Dispose();
    }
}
