namespace Cellular.Benchmarks.Data;

/// <summary>
/// Lookup keys packed into one char array, read front to back: like a key just parsed from a
/// request, reading it is cheap, so a lookup benchmark measures the table and not the key list.
/// </summary>
public sealed class KeySet
{
    private readonly char[] _chars;
    private readonly int[] _starts;

    private KeySet(char[] chars, int[] starts)
    {
        _chars = chars;
        _starts = starts;
    }

    /// <summary>Number of keys; a power of two.</summary>
    public int Count => _starts.Length - 1;

    /// <summary>Key <paramref name="i"/>.</summary>
    public ReadOnlySpan<char> this[int i] => _chars.AsSpan(_starts[i], _starts[i + 1] - _starts[i]);

    /// <summary>
    /// <paramref name="count"/> keys drawn uniformly at random (seeded) with <paramref name="pick"/>,
    /// which maps a random number to a key.
    /// </summary>
    public static KeySet Create(int count, int seed, Func<Random, string> pick)
    {
        var random = new Random(seed);
        var keys = new string[count];
        var length = 0;
        for (var i = 0; i < count; i++)
        {
            keys[i] = pick(random);
            length += keys[i].Length;
        }

        var chars = new char[length];
        var starts = new int[count + 1];
        for (var i = 0; i < count; i++)
        {
            keys[i].CopyTo(chars.AsSpan(starts[i]));
            starts[i + 1] = starts[i] + keys[i].Length;
        }

        return new KeySet(chars, starts);
    }
}
