using System.Text;

namespace Cellular.Router.Forwarding.Lean;

/// <summary>
/// The strings of the header values a cell sent last on one connection, by position in the head: a
/// cell answers with the same <c>Server</c>, <c>Content-Type</c> and (for a second) <c>Date</c> again
/// and again, so a value whose bytes equal the last ones at its position is the same string, not a
/// new one. Bounded: 16 positions of at most 128 bytes, buffers made only for positions in use.
/// </summary>
internal sealed class HeaderValueCache
{
    private const int Slots = 16;
    private const int MaxBytes = 128;

    private readonly byte[]?[] _bytes = new byte[Slots][];
    private readonly int[] _lengths = new int[Slots];
    private readonly string?[] _texts = new string?[Slots];

    /// <summary>The value at header position <paramref name="slot"/> as a string, the last one's when the bytes are the same.</summary>
    public string Get(int slot, ReadOnlySpan<byte> value)
    {
        if ((uint)slot >= Slots || value.Length > MaxBytes)
        {
            return Encoding.Latin1.GetString(value);
        }

        var text = _texts[slot];
        var bytes = _bytes[slot];
        if (text is not null && bytes is not null && value.SequenceEqual(bytes.AsSpan(0, _lengths[slot])))
        {
            return text;
        }

        text = Encoding.Latin1.GetString(value);
        bytes ??= _bytes[slot] = new byte[MaxBytes];
        value.CopyTo(bytes);
        _lengths[slot] = value.Length;
        _texts[slot] = text;
        return text;
    }
}
