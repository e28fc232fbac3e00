using System.Buffers;
using System.Text;
using System.Text.Json;
using Cellular.Core.Json;

namespace Cellular.Core.Routing.Internal;

/// <summary>
/// Writes a <see cref="RoutingTable"/> as <c>cellular.routing-table/v1</c> JSON, the same bytes
/// <see cref="JsonSerializer"/> writes for <see cref="RoutingTable.ToSnapshot"/> with
/// <see cref="CellularJsonContext"/>, but straight from the compact map: tenant ids go from the
/// arena to the output as bytes, so a million tenants cost no string and no record each. Cells
/// and the fallback are small and go through the context, so their form cannot drift.
/// </summary>
internal static class SnapshotJsonWriter
{
    /// <summary>Bytes gathered before a chunk is handed out.</summary>
    public const int ChunkLength = 64 << 10;

    // Property names as the context's Web defaults (camelCase) write them; tests compare the
    // output with the serializer's byte for byte.
    private static readonly JsonEncodedText Format = JsonEncodedText.Encode("format");
    private static readonly JsonEncodedText VersionName = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText GeneratedAtName = JsonEncodedText.Encode("generatedAt");
    private static readonly JsonEncodedText StoreIdName = JsonEncodedText.Encode("storeId");
    private static readonly JsonEncodedText FallbackName = JsonEncodedText.Encode("fallback");
    private static readonly JsonEncodedText CellsName = JsonEncodedText.Encode("cells");
    private static readonly JsonEncodedText TenantsName = JsonEncodedText.Encode("tenants");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Cell = JsonEncodedText.Encode("cell");
    private static readonly JsonEncodedText EpochName = JsonEncodedText.Encode("epoch");
    private static readonly JsonEncodedText PinnedName = JsonEncodedText.Encode("pinned");
    private static readonly JsonEncodedText Weight = JsonEncodedText.Encode("weight");

    /// <summary>
    /// The JSON of <paramref name="table"/> in chunks of about <see cref="ChunkLength"/> bytes, in
    /// order. Each chunk is valid only until the enumeration moves on.
    /// </summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Write(RoutingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var context = CellularJsonContext.Default;
        var buffer = new ArrayBufferWriter<byte>(ChunkLength + (4 << 10));
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Encoder = context.Options.Encoder,
            Indented = context.Options.WriteIndented,
            MaxDepth = context.Options.MaxDepth,
        });

        writer.WriteStartObject();
        writer.WriteString(Format, RoutingTableSnapshot.CurrentFormat);
        writer.WriteNumber(VersionName, table.Version);
        writer.WritePropertyName(GeneratedAtName);
        JsonSerializer.Serialize(writer, table.GeneratedAt, context.DateTimeOffset);
        writer.WritePropertyName(FallbackName);
        JsonSerializer.Serialize(writer, table.Fallback.ToSpec(table.Cells), context.FallbackSpec);

        var cells = table.Cells;
        var specs = new CellRouteSpec[cells.Count];
        var cellNames = new JsonEncodedText[cells.Count];
        for (var i = 0; i < specs.Length; i++)
        {
            specs[i] = new CellRouteSpec(cells[i].Id, cells[i].Endpoint, cells[i].State);
            cellNames[i] = JsonEncodedText.Encode(cells[i].Id, context.Options.Encoder);
        }

        writer.WritePropertyName(CellsName);
        JsonSerializer.Serialize<IReadOnlyList<CellRouteSpec>>(writer, specs, context.IReadOnlyListCellRouteSpec);

        // Tenants in RoutingTable.EnumerateTenants' order: the shared map without the keys a
        // delta changed, its cells moved to this table's; then the changed tenants still there.
        var overlay = table.Overlay;
        var overlayLookup = overlay?.GetAlternateLookup<ReadOnlySpan<char>>();
        var weights = table.Weights;
        var weightLookup = weights?.GetAlternateLookup<ReadOnlySpan<char>>();
        var baseCells = table.BaseCells;
        var chars = new char[CompactTenantMap<TenantKeyHasher>.MaxKeyLength];

        writer.WriteStartArray(TenantsName);
        var entries = table.BaseTenants.EnumerateRaw();
        while (entries.MoveNext())
        {
            var key = entries.Key;
            var weight = 1;
            if (overlayLookup is not null || weightLookup is not null)
            {
                var id = chars.AsSpan(0, Encoding.ASCII.GetChars(key, chars));
                if (overlayLookup is { } changed && changed.ContainsKey(id))
                {
                    continue;
                }

                if (weightLookup is { } w && w.TryGetValue(id, out var found))
                {
                    weight = found;
                }
            }

            var entry = entries.Entry;
            var cell = baseCells is null ? entry.CellIndex : baseCells[entry.CellIndex];
            WriteTenant(writer, key, cellNames[cell], entry, weight);
            if (writer.BytesPending >= ChunkLength)
            {
                writer.Flush();
                yield return buffer.WrittenMemory;
                buffer.ResetWrittenCount();
            }
        }

        if (overlay is not null)
        {
            foreach (var (id, entry) in overlay)
            {
                if (entry.CellIndex < 0)
                {
                    continue;
                }

                writer.WriteStartObject();
                writer.WriteString(IdName, id);
                writer.WriteString(Cell, cellNames[entry.CellIndex]);
                writer.WriteNumber(EpochName, entry.Epoch);
                writer.WriteBoolean(PinnedName, entry.Pinned);
                writer.WriteNumber(Weight, weights is not null && weights.TryGetValue(id, out var weight) ? weight : 1);
                writer.WriteEndObject();
                if (writer.BytesPending >= ChunkLength)
                {
                    writer.Flush();
                    yield return buffer.WrittenMemory;
                    buffer.ResetWrittenCount();
                }
            }
        }

        writer.WriteEndArray();

        // Last, where the serializer puts the snapshot's last property, and only when set.
        if (table.StoreId is { } storeId)
        {
            writer.WriteString(StoreIdName, storeId);
        }

        writer.WriteEndObject();
        writer.Flush();
        yield return buffer.WrittenMemory;
    }

    private static void WriteTenant(Utf8JsonWriter writer, ReadOnlySpan<byte> id, JsonEncodedText cell, TenantEntry entry, int weight)
    {
        writer.WriteStartObject();
        writer.WriteString(IdName, id);
        writer.WriteString(Cell, cell);
        writer.WriteNumber(EpochName, entry.Epoch);
        writer.WriteBoolean(PinnedName, entry.Pinned);
        writer.WriteNumber(Weight, weight);
        writer.WriteEndObject();
    }
}
