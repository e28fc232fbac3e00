using System.Globalization;

namespace Cellular.Core.Security;

/// <summary>Appends text and numbers to a caller's buffer, so a token is built without allocating.</summary>
internal ref struct SpanWriter(Span<char> buffer)
{
    private readonly Span<char> _buffer = buffer;

    public int Length { get; private set; }

    public void Write(char c) => _buffer[Length++] = c;

    public void Write(ReadOnlySpan<char> text)
    {
        text.CopyTo(_buffer[Length..]);
        Length += text.Length;
    }

    public void Write(long value)
    {
        if (!value.TryFormat(_buffer[Length..], out var written, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("The token buffer is too small.");
        }

        Length += written;
    }
}
