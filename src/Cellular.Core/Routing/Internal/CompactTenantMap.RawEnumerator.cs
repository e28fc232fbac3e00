namespace Cellular.Core.Routing.Internal;

/// <content>Enumeration without allocation, for writing a table out as JSON.</content>
internal sealed partial class CompactTenantMap<THasher>
{
    /// <summary>Enumerates every entry in insertion order; keys stay ASCII bytes in the arena, so nothing is allocated.</summary>
    public RawEnumerator EnumerateRaw() => new(this);

    /// <summary>Walks the arena from the front, like <see cref="Enumerator"/>, but hands out each key as its stored bytes.</summary>
    public struct RawEnumerator
    {
        private readonly CompactTenantMap<THasher> _map;
        private int _next;
        private int _keyStart;
        private int _keyLength;

        internal RawEnumerator(CompactTenantMap<THasher> map)
        {
            _map = map;
            _next = 1;
        }

        /// <summary>The key of the current entry: ASCII bytes, valid as long as the map.</summary>
        public readonly ReadOnlySpan<byte> Key => _map._arena.AsSpan(_keyStart, _keyLength);

        /// <summary>The value of the current entry.</summary>
        public TenantEntry Entry { get; private set; }

        /// <summary>Moves to the next entry; false after the last one.</summary>
        public bool MoveNext()
        {
            var arena = _map._arena;
            if (_next >= arena.Length)
            {
                return false;
            }

            _keyLength = arena[_next];
            _keyStart = _next + 1;
            _next = _map.ReadValue(_keyStart + _keyLength, out var entry);
            Entry = entry;
            return true;
        }
    }
}
