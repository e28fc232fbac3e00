using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Cellular.Core.Json;

namespace Cellular.Core.Routing.Internal;

/// <content>The <c>tenants</c> list: one tenant object at a time, straight into <see cref="SnapshotTenantList"/>.</content>
internal sealed partial class SnapshotJsonParser
{
    private enum Element
    {
        Incomplete,
        Read,
        End,
    }

    private enum TenantProperty
    {
        Unknown,
        Id,
        Cell,
        Epoch,
        Pinned,
        Weight,
    }

    private void BeginTenants()
    {
        // A repeated "tenants" replaces the earlier list, as deserialising would.
        _tenantsListed = true;
        _tenantIndex = 0;
        _captured = null;
        _tenantsCells = _cells;
        if (_cells is not null)
        {
            _tenants = new SnapshotTenantList(_cells.Length, _cellIndexById!);
        }
        else if (_cellsSeen)
        {
            _tenants = new SnapshotTenantList();
        }
        else
        {
            _tenants = null;
            _captured = new ArrayBufferWriter<byte>();
            _captured.Write("["u8);
        }
    }

    /// <summary>Reads the tenants that came before the cells, now that the cells are known.</summary>
    private void ReadCaptured()
    {
        var captured = _captured!;
        _captured = null;
        _tenantIndex = 0;
        _tenantsCells = _cells;
        _tenants = new SnapshotTenantList(_cells!.Length, _cellIndexById!);
        var json = captured.WrittenSpan;
        var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(ReaderOptions));
        reader.Read();
        while (ReadTenantsElement(ref reader, json) == Element.Read)
        {
        }
    }

    private Element ReadTenantsElement(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        if (!reader.Read())
        {
            return Element.Incomplete;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.EndArray:
                return Element.End;

            case JsonTokenType.Null:
                if (_captured is not null)
                {
                    Capture("null"u8);
                }
                else
                {
                    _tenants!.AddNull();
                }

                _tenantIndex++;
                return Element.Read;

            case JsonTokenType.StartObject:
                var start = (int)reader.TokenStartIndex;
                if (!ReadTenant(ref reader, out var tenant))
                {
                    return Element.Incomplete;
                }

                if (_captured is not null)
                {
                    Capture(json[start..(int)reader.BytesConsumed]);
                }
                else
                {
                    _tenants!.Add(json, tenant);
                }

                _tenantIndex++;
                return Element.Read;

            default:
                throw Mismatch(typeof(TenantRouteSpec), $"$.tenants[{_tenantIndex}]");
        }
    }

    private void Capture(ReadOnlySpan<byte> element)
    {
        if (_tenantIndex > 0)
        {
            _captured!.Write(","u8);
        }

        _captured!.Write(element);
    }

    /// <summary>Reads one tenant object, the reader on its start; false when the bytes end inside it.</summary>
    private bool ReadTenant(ref Utf8JsonReader reader, out SnapshotTenantList.Fields tenant)
    {
        tenant = default;
        tenant.Weight = 1;
        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return true;
            }

            var property = MatchTenantProperty(ref reader);
            if (!reader.Read())
            {
                return false;
            }

            switch (property)
            {
                case TenantProperty.Id:
                    tenant.HasId = ReadString(ref reader, "id", out tenant.IdStart, out tenant.IdLength, out tenant.IdText);
                    break;

                case TenantProperty.Cell:
                    tenant.HasCell = ReadString(ref reader, "cell", out tenant.CellStart, out tenant.CellLength, out tenant.CellText);
                    break;

                case TenantProperty.Epoch:
                    tenant.Epoch = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var epoch)
                        ? epoch
                        : ReadNumberSlow(ref reader, CellularJsonContext.Default.Int64, "epoch");
                    break;

                case TenantProperty.Pinned:
                    tenant.Pinned = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        _ => throw Mismatch(typeof(TenantRouteSpec), TenantPath("pinned")),
                    };
                    break;

                case TenantProperty.Weight:
                    tenant.Weight = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var weight)
                        ? weight
                        : ReadNumberSlow(ref reader, CellularJsonContext.Default.Int32, "weight");
                    break;

                default:
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                    {
                        return false;
                    }

                    break;
            }
        }
    }

    /// <summary>A string or null; false for null. Unescaped strings stay in place as offsets.</summary>
    private bool ReadString(ref Utf8JsonReader reader, string property, out int start, out int length, out string? text)
    {
        start = 0;
        length = 0;
        text = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw Mismatch(typeof(TenantRouteSpec), TenantPath(property));
        }

        if (reader.ValueIsEscaped)
        {
            text = GetString(ref reader, TenantPath(property));
            return true;
        }

        // The serializer would transcode it to a string, which refuses bytes that are not UTF-8.
        var value = reader.ValueSpan;
        if (!Utf8.IsValid(value))
        {
            throw Mismatch(typeof(TenantRouteSpec), TenantPath(property));
        }

        start = (int)reader.TokenStartIndex + 1;
        length = value.Length;
        return true;
    }

    /// <summary>A number in a string (the Web defaults allow it), or a value of the wrong type, which the serializer refuses.</summary>
    private T ReadNumberSlow<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> typeInfo, string property)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            try
            {
                return JsonSerializer.Deserialize(ref reader, typeInfo)!;
            }
            catch (JsonException e)
            {
                throw Mismatch(typeof(TenantRouteSpec), TenantPath(property), e);
            }
        }

        throw Mismatch(typeof(TenantRouteSpec), TenantPath(property));
    }

    private static TenantProperty MatchTenantProperty(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            var name = reader.ValueSpan;
            switch (name.Length)
            {
                case 2 when name.SequenceEqual("id"u8):
                    return TenantProperty.Id;
                case 4 when name.SequenceEqual("cell"u8):
                    return TenantProperty.Cell;
                case 5 when name.SequenceEqual("epoch"u8):
                    return TenantProperty.Epoch;
                case 6 when name.SequenceEqual("pinned"u8):
                    return TenantProperty.Pinned;
                case 6 when name.SequenceEqual("weight"u8):
                    return TenantProperty.Weight;
            }
        }

        var raw = reader.ValueIsEscaped ? default : reader.ValueSpan;
        var escaped = reader.ValueIsEscaped ? GetString(ref reader, "$.tenants") : null;
        return NameIs(raw, escaped, "id"u8, "id") ? TenantProperty.Id
            : NameIs(raw, escaped, "cell"u8, "cell") ? TenantProperty.Cell
            : NameIs(raw, escaped, "epoch"u8, "epoch") ? TenantProperty.Epoch
            : NameIs(raw, escaped, "pinned"u8, "pinned") ? TenantProperty.Pinned
            : NameIs(raw, escaped, "weight"u8, "weight") ? TenantProperty.Weight
            : TenantProperty.Unknown;
    }

    private string TenantPath(string property) => $"$.tenants[{_tenantIndex}].{property}";
}
