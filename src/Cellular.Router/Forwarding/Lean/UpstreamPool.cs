using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cellular.Router.Forwarding.Lean;

/// <summary>
/// The lean path's idle keep-alive connections to one cell endpoint (plain HTTP only), and how to
/// open new ones. Taking and returning are lock-free; a connection idle longer than the idle
/// timeout, or one the cell closed, is dropped when it would be taken.
/// </summary>
internal sealed class UpstreamPool : IDisposable
{
    private readonly ConcurrentQueue<UpstreamConnection> _idle = new();
    private readonly EndPoint _endPoint;
    private readonly int _maxIdle;
    private readonly long _idleTimeout;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeProvider _time;
    private int _idleCount;
    private volatile bool _disposed;

    /// <summary>Creates the pool for <paramref name="endpoint"/>, which must be an absolute <c>http</c> URL.</summary>
    public UpstreamPool(Uri endpoint, ForwardingOptions options, TimeSpan connectTimeout, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        _endPoint = IPAddress.TryParse(endpoint.IdnHost, out var address)
            ? new IPEndPoint(address, endpoint.Port)
            : new DnsEndPoint(endpoint.IdnHost, endpoint.Port);
        _maxIdle = options.MaxIdleConnectionsPerCell;
        _idleTimeout = (long)(options.IdleTimeout.TotalSeconds * time.TimestampFrequency);
        _connectTimeout = connectTimeout;
        _time = time;
        HostHeader = Encoding.ASCII.GetBytes($"Host: {endpoint.Authority}\r\n");
        var basePath = endpoint.AbsolutePath.TrimEnd('/');
        BasePath = Encoding.ASCII.GetBytes(basePath);
        MaxResponseHeaderBytes = options.MaxResponseHeaderBytes;
    }

    /// <summary>The <c>Host</c> header line every request to this cell carries: the endpoint's authority.</summary>
    public byte[] HostHeader { get; }

    /// <summary>The endpoint's own path without a trailing slash (empty for the root), put before every request's path.</summary>
    public byte[] BasePath { get; }

    /// <summary>Largest response head accepted from the cell.</summary>
    public int MaxResponseHeaderBytes { get; }

    /// <summary>
    /// An idle connection that still looks usable, or null. <paramref name="poll"/> asks the socket
    /// too (a system call): for a request with a body, which cannot be sent again if the cell had
    /// closed the connection; one without is simply sent again on a new connection.
    /// </summary>
    public UpstreamConnection? TryTake(bool poll)
    {
        while (_idle.TryDequeue(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            if (_time.GetTimestamp() - connection.IdleSince < _idleTimeout && connection.LooksAlive(poll))
            {
                return connection;
            }

            connection.Dispose();
        }

        return null;
    }

    /// <summary>Opens a new connection within the connect timeout.</summary>
    public async ValueTask<UpstreamConnection> ConnectAsync(CancellationToken aborted)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = new CancellationTokenSource(_connectTimeout, _time);
            using var link = aborted.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timeout);
            await socket.ConnectAsync(_endPoint, timeout.Token);
            return new UpstreamConnection(socket, _time);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Gives back a connection whose last exchange ended cleanly; it is closed when the pool is full or gone.</summary>
    public void Return(UpstreamConnection connection)
    {
        if (_disposed)
        {
            connection.Dispose();
            return;
        }

        if (Interlocked.Increment(ref _idleCount) > _maxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            connection.Dispose();
            return;
        }

        connection.IdleSince = _time.GetTimestamp();
        _idle.Enqueue(connection);
        if (_disposed)
        {
            Drain();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        Drain();
    }

    private void Drain()
    {
        while (_idle.TryDequeue(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            connection.Dispose();
        }
    }
}
