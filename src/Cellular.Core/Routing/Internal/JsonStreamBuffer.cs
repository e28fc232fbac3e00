using System.Buffers;

namespace Cellular.Core.Routing.Internal;

/// <summary>
/// A pooled window over a stream for <see cref="SnapshotJsonParser"/>: unconsumed bytes move to
/// the front before each read, and the buffer doubles only when one unit (a tenant, the cells
/// list) does not fit, so reading a table of any size holds a few dozen kilobytes.
/// </summary>
internal sealed class JsonStreamBuffer : IDisposable
{
    private const int InitialLength = 64 << 10;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialLength);
    private int _start;
    private int _end;

    /// <summary>The bytes read and not yet consumed.</summary>
    public ReadOnlySpan<byte> Data => _buffer.AsSpan(_start, _end - _start);

    /// <summary>True once a read returned nothing: <see cref="Data"/> is all that is left.</summary>
    public bool IsEndOfStream { get; private set; }

    /// <summary>Drops the first <paramref name="count"/> bytes of <see cref="Data"/>.</summary>
    public void Consume(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _end - _start);
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>
    /// Reads from <paramref name="stream"/> until the buffer is full or the stream ends; false
    /// when nothing was read. Filling up, rather than reading once, keeps the parser from
    /// re-reading a large unit (a long cells list) for every small network read: the buffer
    /// only grows once it is full, so re-reads add up to a few times the unit's size.
    /// </summary>
    public bool Fill(Stream stream)
    {
        var total = 0;
        var free = Free();
        while (total < free.Length)
        {
            var read = stream.Read(free.Span[total..]);
            if (read == 0)
            {
                IsEndOfStream = true;
                break;
            }

            total += read;
        }

        _end += total;
        return total > 0;
    }

    /// <inheritdoc cref="Fill"/>
    public async ValueTask<bool> FillAsync(Stream stream, CancellationToken cancellationToken)
    {
        var total = 0;
        var free = Free();
        while (total < free.Length)
        {
            var read = await stream.ReadAsync(free[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                IsEndOfStream = true;
                break;
            }

            total += read;
        }

        _end += total;
        return total > 0;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Memory<byte> Free()
    {
        if (_start > 0)
        {
            Data.CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsMemory(_end);
    }
}
