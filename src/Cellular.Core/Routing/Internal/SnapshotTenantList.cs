using System.Buffers;
using System.Text;
using Cellular.Core.Model;

namespace Cellular.Core.Routing.Internal;

/// <summary>
/// The <c>tenants</c> list of a snapshot being read as a stream: validates each tenant as
/// <see cref="RoutingTableBuilder"/> does and appends it to the compact map straight from the
/// JSON bytes, so a million tenants cost no string and no record each. Errors are recorded, not
/// thrown, and <see cref="Complete"/> reports the one <see cref="RoutingTableBuilder"/> would
/// have reported: the reader must first see the whole document, because a JSON error anywhere in
/// it comes before any validation error, as when the snapshot is deserialised first.
/// </summary>
internal sealed class SnapshotTenantList
{
    // Ids.IsValidTenantId over bytes: the same characters, all ASCII, so bytes and chars agree.
    private static readonly SearchValues<byte> TenantIdBytes =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-"u8);

    private readonly CompactTenantMapAppender<TenantKeyHasher>? _map;
    private readonly Dictionary<string, int>? _cellIndexById;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _cellLookup;
    private readonly int _cellBytes;
    private readonly char[] _chars = new char[Ids.MaxLength];
    private readonly byte[] _escapedKey = new byte[Ids.MaxLength];
    private long _looseBytes;
    private string? _error;
    private string? _weightError;
    private Dictionary<string, int>? _weights;
    private bool _full;

    /// <summary>A list whose tenants are validated and stored.</summary>
    /// <param name="cellCount">Number of cells of the table.</param>
    /// <param name="cellIndexById">The table's cells by id.</param>
    public SnapshotTenantList(int cellCount, Dictionary<string, int> cellIndexById)
    {
        _map = new CompactTenantMapAppender<TenantKeyHasher>(cellCount, TenantKeyHasher.CreateRandom());
        _cellIndexById = cellIndexById;
        _cellLookup = cellIndexById.GetAlternateLookup<ReadOnlySpan<char>>();
        _cellBytes = CompactTenantMapBuilder<TenantKeyHasher>.CellBytes(cellCount);
    }

    /// <summary>A list that only counts: the table is refused before its tenants matter (it has no usable cells).</summary>
    public SnapshotTenantList()
    {
    }

    /// <summary>Number of entries seen, null ones included.</summary>
    public int Count { get; private set; }

    /// <summary>Takes a <c>null</c> entry of the list.</summary>
    public void AddNull()
    {
        Count++;
        if (_map is not null && _error is null && !_full)
        {
            _error = InvalidId(null);
        }
    }

    /// <summary>Takes one tenant, in list order.</summary>
    /// <param name="json">The bytes <paramref name="tenant"/>'s offsets point into.</param>
    /// <param name="tenant">The tenant's fields as read.</param>
    public void Add(ReadOnlySpan<byte> json, in Fields tenant)
    {
        Count++;
        if (_map is null)
        {
            return;
        }

        // The id: raw bytes (ASCII when valid), or the unescaped text when the JSON escaped it.
        ReadOnlySpan<byte> key = default;
        var idValid = false;
        var idLength = 0;
        if (tenant.IdText is { } text)
        {
            idLength = text.Length;
            if (Ids.IsValidTenantId(text))
            {
                idValid = true;
                var n = Encoding.ASCII.GetBytes(text, _escapedKey);
                key = _escapedKey.AsSpan(0, n);
            }
        }
        else if (tenant.HasId)
        {
            key = json.Slice(tenant.IdStart, tenant.IdLength);
            idValid = IsValidTenantId(key);
            idLength = idValid ? key.Length : Encoding.UTF8.GetCharCount(key);
        }

        // RoutingTableBuilder sizes its arena over every entry before validating any; its
        // size limit therefore comes before any entry's error.
        if (tenant.HasId && idLength <= Ids.MaxLength)
        {
            _looseBytes += CompactTenantMapBuilder<TenantKeyHasher>.EntrySize(idLength, Math.Max(tenant.Epoch, 0), _cellBytes);
        }

        if (_error is not null || _full)
        {
            return;
        }

        if (!idValid)
        {
            _error = InvalidId(IdText(json, tenant));
            return;
        }

        if (!TryFindCell(json, tenant, out var cell))
        {
            var cellText = tenant.CellText ?? (tenant.HasCell ? Encoding.UTF8.GetString(json.Slice(tenant.CellStart, tenant.CellLength)) : null);
            _error = RoutingTableBuilder.UnknownCellMessage(IdText(json, tenant), cellText);
            return;
        }

        if (tenant.Epoch < 0)
        {
            _error = RoutingTableBuilder.NegativeEpochMessage(IdText(json, tenant), tenant.Epoch);
            return;
        }

        if (!_map.TryAppend(key, cell, tenant.Pinned, tenant.Epoch))
        {
            // Past what one map can address; Complete reports the size, as the builder does.
            _full = true;
            return;
        }

        if (tenant.Weight != 1 && _weightError is null)
        {
            if (tenant.Weight is < 1 or > RoutingTableBuilder.MaxTenantWeight)
            {
                _weightError = RoutingTableBuilder.WeightMessage(IdText(json, tenant), tenant.Weight);
            }
            else
            {
                (_weights ??= new Dictionary<string, int>(StringComparer.Ordinal))[IdText(json, tenant)!] = tenant.Weight;
            }
        }
    }

    /// <summary>
    /// The compact map and the weights that are not 1, or the error
    /// <see cref="RoutingTableBuilder"/> reports first: the arena size, then the first entry
    /// that is invalid, unknown, negative or a duplicate, then the first bad weight.
    /// </summary>
    /// <exception cref="RoutingTableException">The list cannot be used.</exception>
    public (CompactTenantMap<TenantKeyHasher> Map, Dictionary<string, int>? Weights) Complete()
    {
        if (_map is null)
        {
            throw new InvalidOperationException("A list without cells only counts its tenants.");
        }

        if (_looseBytes > CompactTenantMapBuilder<TenantKeyHasher>.MaxArenaLength - 1)
        {
            throw new RoutingTableException($"The routing table's {Count} tenants need {_looseBytes} bytes, more than one table can hold.");
        }

        // Every entry before the first invalid one was appended, so a duplicate found here comes
        // earlier in the list than _error's entry, as the builder would have met it.
        var map = _map.Build(out _, out var duplicate);
        if (map is null)
        {
            throw new RoutingTableException($"Tenant '{duplicate}' appears twice in the routing table.");
        }

        if (_error is not null)
        {
            throw new RoutingTableException(_error);
        }

        if (_weightError is not null)
        {
            throw new RoutingTableException(_weightError);
        }

        return (map, _weights);
    }

    /// <summary><see cref="Ids.IsValidTenantId"/> over UTF-8 bytes; true implies ASCII.</summary>
    internal static bool IsValidTenantId(ReadOnlySpan<byte> utf8) =>
        utf8.Length is >= 1 and <= Ids.MaxLength && !utf8.ContainsAnyExcept(TenantIdBytes);

    private static string InvalidId(string? id) => $"The routing table holds an invalid tenant id: {Ids.DescribeInvalidTenantId(id)}";

    private static string? IdText(ReadOnlySpan<byte> json, in Fields tenant) =>
        tenant.IdText ?? (tenant.HasId ? Encoding.UTF8.GetString(json.Slice(tenant.IdStart, tenant.IdLength)) : null);

    private bool TryFindCell(ReadOnlySpan<byte> json, in Fields tenant, out int index)
    {
        if (tenant.CellText is { } text)
        {
            return _cellIndexById!.TryGetValue(text, out index);
        }

        index = -1;
        if (!tenant.HasCell || tenant.CellLength > _chars.Length)
        {
            return false;
        }

        // Cell ids are ASCII, so a cell that is not cannot be in the table.
        return Ascii.ToUtf16(json.Slice(tenant.CellStart, tenant.CellLength), _chars, out var n) == OperationStatus.Done
            && _cellLookup.TryGetValue(_chars.AsSpan(0, n), out index);
    }

    /// <summary>
    /// One tenant as read from JSON: the id and the cell as offsets into the JSON bytes (valid
    /// UTF-8, not escaped), or as text when the JSON escaped them; absent and <c>null</c> are the same.
    /// </summary>
    internal struct Fields
    {
        /// <summary>True when the id is present and not null.</summary>
        public bool HasId;

        /// <summary>Offset of the id's bytes.</summary>
        public int IdStart;

        /// <summary>Length of the id's bytes.</summary>
        public int IdLength;

        /// <summary>The id, when the JSON escaped it.</summary>
        public string? IdText;

        /// <summary>True when the cell is present and not null.</summary>
        public bool HasCell;

        /// <summary>Offset of the cell's bytes.</summary>
        public int CellStart;

        /// <summary>Length of the cell's bytes.</summary>
        public int CellLength;

        /// <summary>The cell, when the JSON escaped it.</summary>
        public string? CellText;

        /// <summary>The epoch; 0 when absent.</summary>
        public long Epoch;

        /// <summary>True for a pin.</summary>
        public bool Pinned;

        /// <summary>The weight; 1 when absent.</summary>
        public int Weight;
    }
}
