using System.Buffers;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.Features;

namespace Cellular.Router.Forwarding;

/// <summary>
/// Stands in for the client's request body while the request is forwarded and keeps a copy of
/// every byte read from it, up to a limit, in a pooled buffer. When a cell refuses the request
/// with 421 the copy is replayed, followed by whatever the client has not sent yet, so the retry
/// carries the whole body although (part of) it already went to the refusing cell. Over HTTP/1.1
/// the router's client sends the whole body before it reads the cell's answer, so the copy is the
/// whole body; over HTTP/2 a refusal can arrive earlier and the rest comes from the client. Reads
/// past the limit drop the copy: such a request cannot be retried. Owned and reused by a pooled
/// <see cref="RoutedRequest"/>; one request at a time.
/// </summary>
internal sealed class ReplayableRequestBody : Stream
{
    private const int InitialBufferSize = 4096;

    private Stream _inner = Null;
    private byte[] _buffer = [];
    private int _limit;
    private int _recorded;
    private int _position;
    private bool _overflowed;
    private bool _replaying;

    /// <summary>The client's own body stream, to put back when the request is done.</summary>
    public Stream Inner => _inner;

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// What a retry of <paramref name="request"/> needs, decided from headers only: nothing for a
    /// request without a body (GET, HEAD, DELETE… with no <c>Content-Length</c> or chunking), no
    /// retry for a <c>Content-Length</c> above <paramref name="limit"/>, a recording otherwise.
    /// </summary>
    public static RequestBodyReplay Classify(HttpRequest request, int limit)
    {
        var detection = request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>();
        if (detection is { CanHaveBody: false })
        {
            return RequestBodyReplay.None;
        }

        var length = request.ContentLength;
        if (length == 0)
        {
            return RequestBodyReplay.None;
        }

        if (length > limit)
        {
            return RequestBodyReplay.TooLarge;
        }

        if (length is null && detection is null && !request.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.TransferEncoding))
        {
            // A server without body detection, no length, no chunking: no body.
            return RequestBodyReplay.None;
        }

        return RequestBodyReplay.Recorded;
    }

    /// <summary>Starts recording <paramref name="inner"/>, keeping at most <paramref name="limit"/> bytes.</summary>
    public void Start(Stream inner, int limit, long? expectedLength)
    {
        ReturnBuffer();
        _inner = inner;
        _limit = limit;
        _recorded = 0;
        _position = 0;
        _overflowed = false;
        _replaying = false;
        if (expectedLength is > 0 and var length && length <= limit)
        {
            _buffer = ArrayPool<byte>.Shared.Rent((int)length);
        }
    }

    /// <summary>
    /// Switches to replaying: the recorded bytes first, then the rest of the client's body. False
    /// when more than the limit was read, so the body cannot be rebuilt.
    /// </summary>
    public bool TryRewind()
    {
        if (_overflowed)
        {
            return false;
        }

        _replaying = true;
        _position = 0;
        return true;
    }

    /// <summary>Gives the buffer back and forgets the client's stream.</summary>
    public void Release()
    {
        ReturnBuffer();
        _inner = Null;
        _recorded = 0;
        _position = 0;
        _overflowed = false;
        _replaying = false;
    }

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_replaying)
        {
            if (_position < _recorded)
            {
                return new ValueTask<int>(ReplayInto(buffer.Span));
            }

            return _inner.ReadAsync(buffer, cancellationToken);
        }

        var read = _inner.ReadAsync(buffer, cancellationToken);
        if (read.IsCompletedSuccessfully)
        {
            var count = read.Result;
            Record(buffer.Span[..count]);
            return new ValueTask<int>(count);
        }

        return RecordWhenReadAsync(read, buffer);
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (_replaying)
        {
            return _position < _recorded ? ReplayInto(buffer) : _inner.Read(buffer);
        }

        var count = _inner.Read(buffer);
        Record(buffer[..count]);
        return count;
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // The client's stream belongs to the server and the buffer to the pooled owner: nothing to do.
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> RecordWhenReadAsync(ValueTask<int> read, Memory<byte> buffer)
    {
        var count = await read;
        Record(buffer.Span[..count]);
        return count;
    }

    private int ReplayInto(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, _recorded - _position);
        _buffer.AsSpan(_position, count).CopyTo(destination);
        _position += count;
        return count;
    }

    private void Record(ReadOnlySpan<byte> bytes)
    {
        if (_overflowed || bytes.IsEmpty)
        {
            return;
        }

        if ((long)_recorded + bytes.Length > _limit)
        {
            // Too big to replay: stop copying and free the memory now rather than at the end.
            _overflowed = true;
            ReturnBuffer();
            return;
        }

        var needed = _recorded + bytes.Length;
        if (needed > _buffer.Length)
        {
            Grow(needed);
        }

        bytes.CopyTo(_buffer.AsSpan(_recorded));
        _recorded = needed;
    }

    private void Grow(int needed)
    {
        var size = Math.Min(_limit, Math.Max(needed, Math.Max(_buffer.Length * 2, InitialBufferSize)));
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _recorded).CopyTo(bigger);
        ReturnBuffer();
        _buffer = bigger;
    }

    private void ReturnBuffer()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
