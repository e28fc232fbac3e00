using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cellular.Router.Tests.Infrastructure;

/// <summary>
/// A cell on a raw socket: parses each HTTP/1.1 request the router sends (Content-Length or chunked
/// body, <c>100 Continue</c> for <c>Expect</c>), records it, and lets the test write any bytes at all
/// as the answer — malformed ones included. Counts connections opened and closed by the router.
/// </summary>
internal sealed class RawCell : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;
    private int _closedByRouter;

    private RawCell()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    public string Url { get; }

    /// <summary>Writes the answer to a request; returns true to keep the connection for the next request.</summary>
    public Func<RawRequest, Stream, Task<bool>> Respond { get; set; } = (_, stream) => Reply(stream, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

    public ConcurrentQueue<RawRequest> Requests { get; } = new();

    /// <summary>Connections the router opened.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Connections the router closed (the cell read the end of the stream).</summary>
    public int ClosedByRouter => Volatile.Read(ref _closedByRouter);

    public static RawCell Start() => new();

    /// <summary>Writes <paramref name="text"/> (Latin-1) and keeps the connection.</summary>
    public static async Task<bool> Reply(Stream stream, string text)
    {
        await stream.WriteAsync(Encoding.Latin1.GetBytes(text));
        await stream.FlushAsync();
        return true;
    }

    /// <summary>Writes <paramref name="text"/> and closes the connection.</summary>
    public static async Task<bool> ReplyAndClose(Stream stream, string text)
    {
        await Reply(stream, text);
        return false;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var id = Interlocked.Increment(ref _connections);
            _ = ServeAsync(socket, id);
        }
    }

    private async Task ServeAsync(Socket socket, int id)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = new LineReader(stream);
        try
        {
            while (true)
            {
                var request = await ReadRequestAsync(reader, stream, id);
                if (request is null)
                {
                    Interlocked.Increment(ref _closedByRouter);
                    return;
                }

                Requests.Enqueue(request);
                if (!await Respond(request, stream))
                {
                    return;
                }
            }
        }
        catch (IOException)
        {
            Interlocked.Increment(ref _closedByRouter);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static async Task<RawRequest?> ReadRequestAsync(LineReader reader, Stream stream, int id)
    {
        var line = await reader.ReadLineAsync();
        if (line is null)
        {
            return null;
        }

        var parts = line.Split(' ');
        var headers = new List<KeyValuePair<string, string>>();
        while (await reader.ReadLineAsync() is { Length: > 0 } header)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            headers.Add(KeyValuePair.Create(header[..colon], header[(colon + 1)..].Trim()));
        }

        var request = new RawRequest(id, parts[0], parts[1], headers, []);
        if (request.Header("Expect") is { } expect && expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
        {
            await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray());
        }

        var body = new MemoryStream();
        if (request.Header("Transfer-Encoding") is not null)
        {
            while (true)
            {
                var size = int.Parse((await reader.ReadLineAsync())!.Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    while (await reader.ReadLineAsync() is { Length: > 0 })
                    {
                    }

                    break;
                }

                body.Write(await reader.ReadBytesAsync(size));
                await reader.ReadLineAsync();
            }
        }
        else if (request.Header("Content-Length") is { } length)
        {
            body.Write(await reader.ReadBytesAsync(int.Parse(length, CultureInfo.InvariantCulture)));
        }

        return request with { Body = body.ToArray() };
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    /// <summary>Reads CRLF lines and counted bytes from a stream, buffered.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        public async Task<string?> ReadLineAsync()
        {
            var line = new MemoryStream();
            while (true)
            {
                if (_start == _end && !await FillAsync())
                {
                    return line.Length == 0 ? null : throw new IOException("EOF inside a line.");
                }

                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline < 0)
                {
                    line.Write(_buffer, _start, _end - _start);
                    _start = _end;
                    continue;
                }

                line.Write(_buffer, _start, newline - _start);
                _start = newline + 1;
                var bytes = line.ToArray();
                return Encoding.Latin1.GetString(bytes, 0, bytes.Length > 0 && bytes[^1] == '\r' ? bytes.Length - 1 : bytes.Length);
            }
        }

        public async Task<byte[]> ReadBytesAsync(int count)
        {
            var result = new byte[count];
            var done = 0;
            while (done < count)
            {
                if (_start == _end && !await FillAsync())
                {
                    throw new IOException("EOF inside a body.");
                }

                var take = Math.Min(count - done, _end - _start);
                Array.Copy(_buffer, _start, result, done, take);
                _start += take;
                done += take;
            }

            return result;
        }

        private async Task<bool> FillAsync()
        {
            _start = 0;
            _end = await stream.ReadAsync(_buffer);
            return _end > 0;
        }
    }
}

/// <summary>One request as the raw cell read it off the wire.</summary>
internal sealed record RawRequest(int Connection, string Method, string Target, List<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string? Header(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
}
