using System.Security.Cryptography;
using Microsoft.Extensions.ObjectPool;

namespace Cellular.Router.Security;

/// <summary>One cell's assertion key of one generation, as the control plane handed it out.</summary>
internal sealed class AssertionSigningKey
{
    /// <summary>Wraps a key of <paramref name="cell"/>.</summary>
    public AssertionSigningKey(string cell, long generation, byte[] key)
    {
        Cell = cell;
        Generation = generation;
        Key = key;
        Macs = new DefaultObjectPool<IncrementalHash>(new KeyedMacPolicy(key));
    }

    /// <summary>The cell whose assertions it signs.</summary>
    public string Cell { get; }

    /// <summary>The key generation.</summary>
    public long Generation { get; }

    /// <summary>The 32-byte HMAC key.</summary>
    public byte[] Key { get; }

    /// <summary>
    /// HMAC-SHA256 states already keyed with <see cref="Key"/>, reused across requests: setting a key
    /// up costs more than hashing an assertion, and the router signs one per forwarded request.
    /// Lock-free and bounded (twice the cores); a key set replaced by rotation takes its states with it.
    /// </summary>
    public ObjectPool<IncrementalHash> Macs { get; }

    private sealed class KeyedMacPolicy(byte[] key) : PooledObjectPolicy<IncrementalHash>
    {
        public override IncrementalHash Create() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);

        // Every user leaves the state reset (GetHashAndReset), so every state can go back.
        public override bool Return(IncrementalHash obj) => true;
    }
}
