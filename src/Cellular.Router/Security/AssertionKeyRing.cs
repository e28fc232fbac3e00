using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Frozen;
using System.Security.Cryptography;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Cellular.Core.Routing;
using Cellular.Core.Security;
using Microsoft.Extensions.Options;

namespace Cellular.Router.Security;

/// <summary>
/// The assertion keys in use, one per cell, swapped as one immutable dictionary (one volatile
/// read per request, no locks), and the signing of <c>X-Cellular-Assertion</c>. A request for a
/// cell without a key wakes the <see cref="AssertionKeyRefresher"/> (lock-free; the refresher
/// rate-limits).
/// </summary>
internal sealed class AssertionKeyRing
{
    private static readonly FrozenDictionary<string, AssertionSigningKey> None = FrozenDictionary<string, AssertionSigningKey>.Empty;

    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly byte[] _idPrefix = RandomNumberGenerator.GetBytes(6);
    private FrozenDictionary<string, AssertionSigningKey> _keys = None;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _generation;
    private long _counter;

    /// <summary>Creates an empty ring.</summary>
    public AssertionKeyRing(IOptions<RouterOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _lifetime = options.Value.Assertions.Lifetime;
    }

    /// <summary>The generation of the keys in use; 0 before any were loaded.</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>The number of cells with a key.</summary>
    public int Count => Volatile.Read(ref _keys).Count;

    /// <summary>Completes when a request found no key for its cell; the refresher then fetches at once.</summary>
    public Task WakeRequested => Volatile.Read(ref _wake).Task;

    /// <summary>The key of <paramref name="cellId"/>, if the ring holds one.</summary>
    public bool TryGet(string cellId, out AssertionSigningKey key) =>
        Volatile.Read(ref _keys).TryGetValue(cellId, out key!);

    /// <summary>True when every cell of <paramref name="table"/> that has an endpoint has a key.</summary>
    public bool HasKeysFor(RoutingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var keys = Volatile.Read(ref _keys);
        foreach (var cell in table.Cells)
        {
            if (cell.Endpoint is not null && !keys.ContainsKey(cell.Id))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Asks the refresher to fetch the keys now (no locks; cheap to call again).</summary>
    public void RequestRefresh() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>Called by the refresher before it waits: the next <see cref="RequestRefresh"/> wakes it again.</summary>
    public void ResetWake()
    {
        if (Volatile.Read(ref _wake).Task.IsCompleted)
        {
            Volatile.Write(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }

    /// <summary>
    /// Puts <paramref name="set"/> in use, replacing every key. Entries that are not a valid cell id
    /// with a 32-byte base64url key are left out; returns how many were.
    /// </summary>
    public int Apply(AssertionKeySet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Generation <= 0)
        {
            throw new ArgumentException($"Assertion key generation {set.Generation} is not positive.", nameof(set));
        }

        var keys = new Dictionary<string, AssertionSigningKey>(StringComparer.Ordinal);
        var skipped = 0;
        foreach (var entry in set.Cells ?? [])
        {
            if (entry is null || !Ids.IsValidCellId(entry.Cell) || !CellSecrets.TryDecode(entry.Key, out var key) || key.Length != CellSecrets.KeySize)
            {
                skipped++;
                continue;
            }

            keys[entry.Cell] = new AssertionSigningKey(entry.Cell, set.Generation, key);
        }

        Volatile.Write(ref _keys, keys.ToFrozenDictionary(StringComparer.Ordinal));
        Volatile.Write(ref _generation, set.Generation);
        return skipped;
    }

    /// <summary>Signs an assertion for one request to <paramref name="key"/>'s cell: one string allocated.</summary>
    public string Sign(AssertionSigningKey key, string tenant, long epoch)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<char> id = stackalloc char[16];
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, Interlocked.Increment(ref _counter));

        // 8 random characters fixed per process, then a 48-bit counter: unique without a random draw per request.
        Base64Url.EncodeToChars(_idPrefix, id[..8]);
        Base64Url.EncodeToChars(counter[2..], id[8..]);
        // A state goes back only after a complete signature, which leaves it reset; one that saw a throw is dropped.
        var mac = key.Macs.Get();
        var assertion = TenantAssertion.Create(mac, key.Generation, key.Cell, tenant, epoch, _time.GetUtcNow() + _lifetime, id);
        key.Macs.Return(mac);
        return assertion;
    }
}
