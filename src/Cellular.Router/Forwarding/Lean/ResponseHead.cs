using System.Buffers;
using System.Buffers.Text;

namespace Cellular.Router.Forwarding.Lean;

/// <summary>
/// The status line and headers of one response from a cell, parsed and checked once (RFC 9112):
/// CRLF line ends only (a bare LF is refused), no obsolete line folding, header names that are
/// tokens, values without control characters, one <c>Content-Length</c> value however often it is
/// repeated, no <c>Content-Length</c> beside <c>Transfer-Encoding</c>, and <c>chunked</c> as the
/// final transfer coding. Keeps only offsets into the bytes it parsed; reused for every response
/// on one connection.
/// </summary>
internal sealed class ResponseHead
{
    private HeaderRange[] _headers = new HeaderRange[32];
    private HeaderRange[] _nominated = new HeaderRange[4];
    private byte[] _copy = [];

    /// <summary>The last strings of this connection's header values, reused while the bytes repeat.</summary>
    public HeaderValueCache Values { get; } = new();

    /// <summary>The status code.</summary>
    public int Status { get; private set; }

    /// <summary>The length of the head, its final empty line included.</summary>
    public int Length { get; private set; }

    /// <summary>The <c>Content-Length</c>, or -1 when there is none.</summary>
    public long ContentLength { get; private set; }

    /// <summary>True when the body is chunked.</summary>
    public bool Chunked { get; private set; }

    /// <summary>True when the cell keeps the connection open after this response.</summary>
    public bool KeepAlive { get; private set; }

    /// <summary>Why the head is invalid, when it is.</summary>
    public string? Error { get; private set; }

    /// <summary>How many header lines the head has.</summary>
    public int Count { get; private set; }

    /// <summary>The header lines.</summary>
    public ReadOnlySpan<HeaderRange> Headers => _headers.AsSpan(0, Count);

    /// <summary>The header names the <c>Connection</c> header nominated (hop-by-hop: never copied).</summary>
    public ReadOnlySpan<HeaderRange> Nominated => _nominated.AsSpan(0, NominatedCount);

    private int NominatedCount { get; set; }

    /// <summary>The buffered bytes as one span: the first segment when it is whole, else a copy kept by this instance.</summary>
    public ReadOnlySpan<byte> Contiguous(in ReadOnlySequence<byte> buffer, int max)
    {
        if (buffer.IsSingleSegment)
        {
            return buffer.FirstSpan;
        }

        var length = (int)Math.Min(buffer.Length, max + 1L);
        if (_copy.Length < length)
        {
            _copy = new byte[Math.Max(length, 4096)];
        }

        buffer.Slice(0, length).CopyTo(_copy);
        return _copy.AsSpan(0, length);
    }

    /// <summary>Parses the head at the start of <paramref name="data"/>; a head longer than <paramref name="max"/> bytes is invalid.</summary>
    public HeadParse TryParse(ReadOnlySpan<byte> data, int max)
    {
        Reset();
        var end = data.IndexOf((byte)'\n');
        if (end < 0)
        {
            return data.Length > max ? Fail("The status line is too long.") : HeadParse.Incomplete;
        }

        if (end == 0 || data[end - 1] != '\r')
        {
            return Fail("The status line does not end with CRLF.");
        }

        if (!ParseStatusLine(data[..(end - 1)], out var http10))
        {
            return HeadParse.Invalid;
        }

        var position = end + 1;
        var sawLength = false;
        var sawTransferEncoding = false;
        var chunkedLast = false;
        var close = false;
        var keepAliveToken = false;
        while (true)
        {
            if (position > max)
            {
                return Fail($"The response head is over {max} bytes.");
            }

            var rest = data[position..];
            var lineEnd = rest.IndexOf((byte)'\n');
            if (lineEnd < 0)
            {
                return position + rest.Length > max ? Fail($"The response head is over {max} bytes.") : HeadParse.Incomplete;
            }

            if (lineEnd == 0 || rest[lineEnd - 1] != '\r')
            {
                return Fail("A header line ends with a bare LF.");
            }

            var line = rest[..(lineEnd - 1)];
            if (line.IsEmpty)
            {
                Length = position + lineEnd + 1;
                break;
            }

            if (line[0] is (byte)' ' or (byte)'\t')
            {
                return Fail("A header line is folded (obsolete line folding).");
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || !IsToken(line[..colon]))
            {
                return Fail("A header line has no valid field name.");
            }

            var value = line[(colon + 1)..];
            var leading = value.Length - value.TrimStart(" \t"u8).Length;
            value = value.Trim(" \t"u8);
            if (!IsFieldValue(value))
            {
                return Fail("A header value has a control character.");
            }

            var name = line[..colon];
            var range = new HeaderRange(position, colon, position + colon + 1 + leading, value.Length);
            Add(range);
            if (Is(name, "Content-Length"u8))
            {
                if (!MergeLength(value, ref sawLength))
                {
                    return HeadParse.Invalid;
                }
            }
            else if (Is(name, "Transfer-Encoding"u8))
            {
                sawTransferEncoding = true;
                chunkedLast = LastCodingIsChunked(value, chunkedLast);
            }
            else if (Is(name, "Connection"u8))
            {
                ReadConnection(value, range.ValueStart, ref close, ref keepAliveToken);
            }

            position += lineEnd + 1;
        }

        return Frame(http10, sawLength, sawTransferEncoding, chunkedLast, close, keepAliveToken);
    }

    /// <summary>True when <paramref name="name"/> is <paramref name="expected"/>, ignoring ASCII case.</summary>
    public static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected) =>
        name.Length == expected.Length && System.Text.Ascii.EqualsIgnoreCase(name, expected);

    private HeadParse Frame(bool http10, bool sawLength, bool sawTransferEncoding, bool chunkedLast, bool close, bool keepAliveToken)
    {
        if (sawTransferEncoding)
        {
            if (sawLength)
            {
                return Fail("The response has both Content-Length and Transfer-Encoding.");
            }

            if (http10 || !chunkedLast)
            {
                return Fail("The response's transfer coding does not end with chunked.");
            }

            Chunked = true;
        }

        KeepAlive = !close && (!http10 || keepAliveToken);
        return HeadParse.Complete;
    }

    private bool ParseStatusLine(ReadOnlySpan<byte> line, out bool http10)
    {
        http10 = false;
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || (line[7] != '1' && line[7] != '0') || line[8] != ' ')
        {
            Fail("The status line is not HTTP/1.x.");
            return false;
        }

        http10 = line[7] == '0';
        var code = line.Slice(9, 3);
        if (!char.IsAsciiDigit((char)code[0]) || !char.IsAsciiDigit((char)code[1]) || !char.IsAsciiDigit((char)code[2])
            || (line.Length > 12 && line[12] != ' '))
        {
            Fail("The status line has no three-digit status code.");
            return false;
        }

        Status = ((code[0] - '0') * 100) + ((code[1] - '0') * 10) + (code[2] - '0');
        if (Status is < 100 or > 599 or 101)
        {
            Fail($"The status code {Status} is not one the router accepts.");
            return false;
        }

        if (!IsFieldValue(line.Length > 12 ? line[13..] : default))
        {
            Fail("The reason phrase has a control character.");
            return false;
        }

        return true;
    }

    private bool MergeLength(ReadOnlySpan<byte> value, ref bool seen)
    {
        // A list of identical values ("5, 5") is one length (RFC 9110 8.6); anything else is refused.
        foreach (var part in value.Split((byte)','))
        {
            var item = value[part].Trim(" \t"u8);
            if (item.IsEmpty || item.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0
                || !Utf8Parser.TryParse(item, out long length, out var consumed) || consumed != item.Length)
            {
                Fail("The Content-Length is not a number.");
                return false;
            }

            if (seen && length != ContentLength)
            {
                Fail("The response has several different Content-Length values.");
                return false;
            }

            seen = true;
            ContentLength = length;
        }

        return true;
    }

    private static bool LastCodingIsChunked(ReadOnlySpan<byte> value, bool before)
    {
        var chunked = before;
        foreach (var part in value.Split((byte)','))
        {
            var coding = value[part].Trim(" \t"u8);
            if (!coding.IsEmpty)
            {
                // chunked anywhere but last is invalid: only a last chunked counts.
                chunked = Is(coding, "chunked"u8);
            }
        }

        return chunked;
    }

    private void ReadConnection(ReadOnlySpan<byte> value, int valueStart, ref bool close, ref bool keepAlive)
    {
        foreach (var part in value.Split((byte)','))
        {
            var token = value[part];
            var trimmed = token.Trim(" \t"u8);
            if (trimmed.IsEmpty)
            {
                continue;
            }

            if (Is(trimmed, "close"u8))
            {
                close = true;
            }
            else if (Is(trimmed, "keep-alive"u8))
            {
                keepAlive = true;
            }
            else
            {
                var start = valueStart + part.Start.Value + (token.Length - token.TrimStart(" \t"u8).Length);
                if (NominatedCount == _nominated.Length)
                {
                    Array.Resize(ref _nominated, _nominated.Length * 2);
                }

                _nominated[NominatedCount++] = new HeaderRange(start, trimmed.Length, 0, 0);
            }
        }
    }

    private void Add(HeaderRange range)
    {
        if (Count == _headers.Length)
        {
            Array.Resize(ref _headers, _headers.Length * 2);
        }

        _headers[Count++] = range;
    }

    private void Reset()
    {
        Status = 0;
        Length = 0;
        ContentLength = -1;
        Chunked = false;
        KeepAlive = false;
        Error = null;
        Count = 0;
        NominatedCount = 0;
    }

    private HeadParse Fail(string error)
    {
        Error = error;
        return HeadParse.Invalid;
    }

    private static bool IsToken(ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || "!#$%&'*+-.^_`|~"u8.Contains(b)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsFieldValue(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if ((b < 0x20 && b != '\t') || b == 0x7F)
            {
                return false;
            }
        }

        return true;
    }
}
