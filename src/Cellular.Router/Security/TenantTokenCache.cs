using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Cellular.Router.Security;

/// <summary>
/// Tokens already validated, by SHA-256 of the token, until their expiry: a fixed array of slots
/// (a power of two) indexed by the hash, each an immutable entry swapped with one write. Lookups
/// and inserts take no lock and allocate nothing but the entry; a colliding token simply replaces
/// the slot, so memory stays bounded whatever tokens arrive. Tied to one key-set version: new keys
/// start an empty cache.
/// </summary>
internal sealed class TenantTokenCache
{
    private const int MaxStackToken = 4096;

    private readonly Entry?[] _slots;
    private readonly int _mask;

    /// <summary>Creates a cache of at least <paramref name="size"/> slots (none when 0).</summary>
    public TenantTokenCache(int size, long keysVersion)
    {
        KeysVersion = keysVersion;
        if (size <= 0)
        {
            _slots = [];
            _mask = -1;
            return;
        }

        var slots = (int)Math.Min(1 << 24, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)size));
        _slots = new Entry?[slots];
        _mask = slots - 1;
    }

    /// <summary>The key-set version the entries were validated with.</summary>
    public long KeysVersion { get; }

    /// <summary>SHA-256 of <paramref name="token"/>.</summary>
    public static TokenHash Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var length = Encoding.UTF8.GetMaxByteCount(token.Length);
        byte[]? rented = null;
        var buffer = length <= MaxStackToken ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(token, buffer);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(buffer[..written], hash);
            return MemoryMarshal.Read<TokenHash>(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The tenant of a cached token still valid at <paramref name="nowUnixMs"/>.</summary>
    public bool TryGet(in TokenHash hash, long nowUnixMs, out string tenant)
    {
        tenant = string.Empty;
        if (_mask < 0)
        {
            return false;
        }

        var entry = Volatile.Read(ref _slots[(int)(hash.A & (ulong)_mask)]);
        if (entry is null || !entry.Hash.Equals(hash) || nowUnixMs >= entry.ExpiresUnixMs)
        {
            return false;
        }

        tenant = entry.Tenant;
        return true;
    }

    /// <summary>Remembers a validated token until <paramref name="expiresUnixMs"/>.</summary>
    public void Add(in TokenHash hash, string tenant, long expiresUnixMs)
    {
        if (_mask >= 0)
        {
            Volatile.Write(ref _slots[(int)(hash.A & (ulong)_mask)], new Entry(hash, tenant, expiresUnixMs));
        }
    }

    private sealed record Entry(TokenHash Hash, string Tenant, long ExpiresUnixMs);
}

/// <summary>A SHA-256 value as four words, compared without allocation.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct TokenHash(ulong A, ulong B, ulong C, ulong D);
