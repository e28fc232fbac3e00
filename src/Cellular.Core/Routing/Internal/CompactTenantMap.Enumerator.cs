using System.Text;

namespace Cellular.Core.Routing.Internal;

/// <content>Enumeration in insertion order, for <see cref="RoutingTable.ToSnapshot"/>.</content>
internal sealed partial class CompactTenantMap<THasher>
{
    /// <summary>Walks the arena from the front; each entry's key becomes a new string.</summary>
    public struct Enumerator
    {
        private readonly CompactTenantMap<THasher> _map;
        private int _next;

        internal Enumerator(CompactTenantMap<THasher> map)
        {
            _map = map;
            _next = 1;
            Current = default;
        }

        /// <summary>The entry the enumerator is on.</summary>
        public (string Id, TenantEntry Entry) Current { get; private set; }

        /// <summary>Moves to the next entry; false after the last one.</summary>
        public bool MoveNext()
        {
            var arena = _map._arena;
            if (_next >= arena.Length)
            {
                return false;
            }

            var length = arena[_next];
            var id = Encoding.ASCII.GetString(arena, _next + 1, length);
            _next = _map.ReadValue(_next + 1 + length, out var entry);
            Current = (id, entry);
            return true;
        }
    }
}
