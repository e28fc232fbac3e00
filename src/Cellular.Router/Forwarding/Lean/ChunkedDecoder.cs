using System.Buffers;
using System.IO.Pipelines;

namespace Cellular.Router.Forwarding.Lean;

/// <summary>
/// Decodes a chunked body (RFC 9112 7.1) as its bytes arrive and writes the chunks' data out:
/// chunk sizes of 1 to 15 hex digits, extensions ignored, every line ended by CRLF (a bare LF is
/// invalid), the CRLF after each chunk's data required, trailers read and dropped.
/// </summary>
internal struct ChunkedDecoder
{
    private const int SizeLine = 0;
    private const int Data = 1;
    private const int DataEnd = 2;
    private const int Trailers = 3;

    private int _state;
    private long _remaining;

    /// <summary>Why the framing is invalid, when it is.</summary>
    public string? Error { get; private set; }

    /// <summary>Consumes what it can of <paramref name="buffer"/> (left at the first unused byte) and writes the data to <paramref name="output"/>.</summary>
    public ChunkedState Decode(ref ReadOnlySequence<byte> buffer, PipeWriter output, int maxLine)
    {
        while (true)
        {
            switch (_state)
            {
                case SizeLine:
                    if (!TryReadLine(ref buffer, maxLine, out var line))
                    {
                        return Error is null ? ChunkedState.NeedMore : ChunkedState.Invalid;
                    }

                    if (!TryParseSize(line, out _remaining))
                    {
                        return Invalid("A chunk size is not a hexadecimal number.");
                    }

                    _state = _remaining == 0 ? Trailers : Data;
                    break;

                case Data:
                    if (buffer.IsEmpty)
                    {
                        return ChunkedState.NeedMore;
                    }

                    var take = buffer.Slice(0, Math.Min(_remaining, buffer.Length));
                    foreach (var segment in take)
                    {
                        output.Write(segment.Span);
                    }

                    _remaining -= take.Length;
                    buffer = buffer.Slice(take.End);
                    if (_remaining == 0)
                    {
                        _state = DataEnd;
                    }

                    break;

                case DataEnd:
                    if (buffer.Length < 2)
                    {
                        return ChunkedState.NeedMore;
                    }

                    var end = buffer.Slice(0, 2);
                    if (end.FirstSpan.Length >= 2 ? !end.FirstSpan.StartsWith("\r\n"u8) : !end.ToArray().AsSpan().SequenceEqual("\r\n"u8))
                    {
                        return Invalid("A chunk's data is not followed by CRLF.");
                    }

                    buffer = buffer.Slice(2);
                    _state = SizeLine;
                    break;

                default:
                    if (!TryReadLine(ref buffer, maxLine, out var trailer))
                    {
                        return Error is null ? ChunkedState.NeedMore : ChunkedState.Invalid;
                    }

                    if (trailer.IsEmpty)
                    {
                        return ChunkedState.Done;
                    }

                    if (trailer.FirstSpan[0] is (byte)' ' or (byte)'\t')
                    {
                        return Invalid("A trailer line is folded.");
                    }

                    break;
            }
        }
    }

    private bool TryReadLine(ref ReadOnlySequence<byte> buffer, int maxLine, out ReadOnlySequence<byte> line)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out line, (byte)'\n'))
        {
            if (buffer.Length > maxLine)
            {
                Invalid("A chunk line is too long.");
            }

            return false;
        }

        if (line.IsEmpty || line.Slice(line.Length - 1).FirstSpan[0] != '\r')
        {
            Invalid("A chunk line ends with a bare LF.");
            return false;
        }

        line = line.Slice(0, line.Length - 1);
        if (line.PositionOf((byte)'\r') is not null)
        {
            Invalid("A chunk line has a bare CR.");
            return false;
        }

        buffer = buffer.Slice(reader.Position);
        return true;
    }

    private static bool TryParseSize(ReadOnlySequence<byte> line, out long size)
    {
        size = 0;
        Span<byte> copy = stackalloc byte[64];
        var length = (int)Math.Min(line.Length, copy.Length);
        line.Slice(0, length).CopyTo(copy);
        var text = copy[..length];
        var digits = 0;
        while (digits < text.Length && char.IsAsciiHexDigit((char)text[digits]))
        {
            digits++;
        }

        if (digits is 0 or > 15)
        {
            return false;
        }

        var rest = text[digits..].TrimStart(" \t"u8);
        if (!rest.IsEmpty && rest[0] != ';')
        {
            return false;
        }

        foreach (var b in text[..digits])
        {
            size = (size << 4) | (long)HexValue(b);
        }

        return true;
    }

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    private ChunkedState Invalid(string error)
    {
        Error = error;
        return ChunkedState.Invalid;
    }
}
