using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace Cellular.Core.Routing;

/// <summary>
/// The one hash every fallback strategy uses: XxHash3 (seed 0) over the key's ASCII bytes.
/// It is fixed forever, because changing it would move every hashed tenant to another cell.
/// </summary>
public static class StableHash
{
    /// <summary>Hashes a key made of ASCII id characters without allocating.</summary>
    public static ulong Hash(ReadOnlySpan<char> key)
    {
        var bytes = key.Length <= 256 ? stackalloc byte[key.Length] : new byte[key.Length];

        // Vectorised narrowing for ASCII keys (all valid ids); any other character keeps its
        // low byte, as this hash always has.
        if (Ascii.FromUtf16(key, bytes, out _) != OperationStatus.Done)
        {
            for (var i = 0; i < key.Length; i++)
            {
                bytes[i] = (byte)key[i];
            }
        }

        return XxHash3.HashToUInt64(bytes);
    }
}
