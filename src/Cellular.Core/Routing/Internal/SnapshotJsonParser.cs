using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cellular.Core.Json;

namespace Cellular.Core.Routing.Internal;

/// <summary>
/// Reads <c>cellular.routing-table/v1</c> JSON into a <see cref="RoutingTable"/> in one pass,
/// a block of bytes at a time, without materialising a <see cref="RoutingTableSnapshot"/>: each
/// tenant goes from the JSON bytes straight into the compact map (<see cref="SnapshotTenantList"/>).
/// The small parts (format, version, cells, fallback) are deserialised with
/// <see cref="CellularJsonContext"/>, so they accept exactly what <see cref="JsonSerializer"/> does.
/// </summary>
/// <remarks>
/// <para>
/// Tenants are read as the serializer would read <see cref="TenantRouteSpec"/> with the
/// context's Web defaults: property names in any case, numbers also as strings, unknown
/// properties skipped, a repeated property's last value wins; a value of the wrong JSON type
/// or a string that is not UTF-8 is a <see cref="JsonException"/>. Validation errors are
/// <see cref="RoutingTableException"/>s with <see cref="RoutingTableBuilder"/>'s messages, in its
/// order, and only after the whole document parsed, since deserialising came first there.
/// </para>
/// <para>
/// Resolving a tenant's cell needs the cells, which the serializer writes before the tenants. A
/// document that lists its tenants first has them copied aside as raw JSON and read at the end.
/// A document that lists different cells again after its tenants cannot be handled in one pass:
/// <see cref="Finish"/> throws <see cref="NotSupportedException"/>, and a caller holding the whole
/// document falls back to deserialising it.
/// </para>
/// <para>
/// Each call to <see cref="Feed"/> consumes whole units (a top-level property, one tenant) and
/// leaves an incomplete one for the next call, so a caller reading a stream keeps at least the
/// largest unit in its buffer.
/// </para>
/// </remarks>
internal sealed partial class SnapshotJsonParser
{
    private JsonReaderState _readerState = new(ReaderOptions);
    private Stage _stage;
    private bool _rootIsNull;

    // Top-level values; as with JsonSerializer, a repeated property's last value wins.
    private string? _format;
    private long _version;
    private DateTimeOffset _generatedAt;
    private string? _storeId;
    private FallbackSpec? _fallback;
    private bool _cellsSeen;
    private IReadOnlyList<CellRouteSpec>? _cellSpecs;
    private RouteCell[]? _cells;
    private Dictionary<string, int>? _cellIndexById;
    private RoutingTableException? _cellsError;

    // The tenants list: stored, only counted (no usable cells), or captured (cells not seen yet).
    private bool _tenantsListed;
    private SnapshotTenantList? _tenants;
    private RouteCell[]? _tenantsCells;
    private ArrayBufferWriter<byte>? _captured;
    private int _tenantIndex;

    private enum Stage
    {
        Start,
        Properties,
        Tenants,
        Done,
    }

    /// <summary>True once the document's root value has been read completely.</summary>
    public bool IsDone => _stage == Stage.Done;

    /// <summary>The reader options of the serializer's context: no comments, no trailing commas.</summary>
    private static JsonReaderOptions ReaderOptions
    {
        get
        {
            var options = CellularJsonContext.Default.Options;
            return new JsonReaderOptions
            {
                AllowTrailingCommas = options.AllowTrailingCommas,
                CommentHandling = options.ReadCommentHandling,
                MaxDepth = options.MaxDepth,
            };
        }
    }

    /// <summary>
    /// Reads as much of <paramref name="json"/> as forms whole units and returns how many bytes
    /// that was; the caller passes the rest again, followed by more, in the next call. Reading
    /// stops at the end of the root value, so bytes after it are left alone.
    /// </summary>
    /// <param name="json">The next bytes of the document.</param>
    /// <param name="isFinalBlock">True when no bytes follow <paramref name="json"/>.</param>
    /// <exception cref="JsonException">The document is not valid JSON, or a value has the wrong type.</exception>
    public int Feed(ReadOnlySpan<byte> json, bool isFinalBlock)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock, _readerState);
        while (_stage != Stage.Done)
        {
            var checkpoint = reader.CurrentState;
            var consumed = reader.BytesConsumed;
            if (!Step(ref reader, json))
            {
                _readerState = checkpoint;
                return (int)consumed;
            }
        }

        _readerState = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    /// <summary>Validates what was read, in <see cref="RoutingTableBuilder"/>'s order, and builds the table.</summary>
    /// <exception cref="RoutingTableException">The snapshot is not a usable table; the message says why.</exception>
    /// <exception cref="NotSupportedException">The document lists different cells again after its tenants.</exception>
    public RoutingTable Finish()
    {
        if (_stage != Stage.Done)
        {
            throw new InvalidOperationException("The document has not been read to its end.");
        }

        if (_rootIsNull)
        {
            throw new RoutingTableException("The routing table is empty.");
        }

        if (_format != RoutingTableSnapshot.CurrentFormat)
        {
            throw new RoutingTableException($"Unknown routing table format '{_format}'; expected '{RoutingTableSnapshot.CurrentFormat}'.");
        }

        if (_version < 1)
        {
            throw new RoutingTableException($"Routing table version {_version} is not valid; versions start at 1.");
        }

        if (_cellSpecs is null)
        {
            throw new RoutingTableException("The routing table has no 'cells' list.");
        }

        if (_cellsError is not null)
        {
            throw _cellsError;
        }

        if (!_tenantsListed)
        {
            throw new RoutingTableException("The routing table has no 'tenants' list.");
        }

        if (_captured is not null)
        {
            ReadCaptured();
        }
        else if (!SameCellIds(_tenantsCells, _cells!))
        {
            throw new NotSupportedException("The routing table lists different cells after its tenants; it must be read whole.");
        }

        var (map, weights) = _tenants!.Complete();
        var fallback = RoutingTableBuilder.BuildFallback(_fallback ?? FallbackSpec.Reject, _cells!, _cellIndexById!);
        return new RoutingTable(_version, _generatedAt, _cells!, map, fallback, weights) { StoreId = _storeId };
    }

    private static bool SameCellIds(RouteCell[]? a, RouteCell[] b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (a[i].Id != b[i].Id)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads one unit; false, with the reader's position to be discarded, when the bytes end inside it.</summary>
    private bool Step(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        switch (_stage)
        {
            case Stage.Start:
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.Null)
                {
                    _rootIsNull = true;
                    _stage = Stage.Done;
                }
                else if (reader.TokenType == JsonTokenType.StartObject)
                {
                    _stage = Stage.Properties;
                }
                else
                {
                    throw Mismatch(typeof(RoutingTableSnapshot), "$");
                }

                return true;

            case Stage.Properties:
                return ReadProperty(ref reader);

            default:
                switch (ReadTenantsElement(ref reader, json))
                {
                    case Element.Incomplete:
                        return false;
                    case Element.End:
                        _captured?.Write("]"u8);
                        _stage = Stage.Properties;
                        return true;
                    default:
                        return true;
                }
        }
    }

    private bool ReadProperty(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType == JsonTokenType.EndObject)
        {
            _stage = Stage.Done;
            return true;
        }

        var raw = reader.ValueIsEscaped ? default : reader.ValueSpan;
        var escaped = reader.ValueIsEscaped ? GetString(ref reader, "$") : null;
        if (NameIs(raw, escaped, "tenants"u8, "tenants"))
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.StartArray)
            {
                BeginTenants();
                _stage = Stage.Tenants;
            }
            else if (reader.TokenType == JsonTokenType.Null)
            {
                _tenantsListed = false;
                _tenants = null;
                _captured = null;
            }
            else
            {
                throw Mismatch(typeof(IReadOnlyList<TenantRouteSpec>), "$.tenants");
            }

            return true;
        }

        // Everything else is small: wait until the whole value is here, then let the
        // serializer read it, so it accepts and refuses exactly what deserialising would.
        var probe = reader;
        if (!probe.Read() || (probe.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !probe.TrySkip()))
        {
            return false;
        }

        var context = CellularJsonContext.Default;
        if (NameIs(raw, escaped, "format"u8, "format"))
        {
            _format = Deserialize(ref reader, context.String);
        }
        else if (NameIs(raw, escaped, "version"u8, "version"))
        {
            _version = Deserialize(ref reader, context.Int64);
        }
        else if (NameIs(raw, escaped, "generatedAt"u8, "generatedAt"))
        {
            _generatedAt = Deserialize(ref reader, context.DateTimeOffset);
        }
        else if (NameIs(raw, escaped, "storeId"u8, "storeId"))
        {
            _storeId = Deserialize(ref reader, context.String);
        }
        else if (NameIs(raw, escaped, "fallback"u8, "fallback"))
        {
            _fallback = Deserialize(ref reader, context.FallbackSpec);
        }
        else if (NameIs(raw, escaped, "cells"u8, "cells"))
        {
            SetCells(Deserialize(ref reader, context.IReadOnlyListCellRouteSpec));
        }
        else
        {
            reader.Read();
            reader.TrySkip();
        }

        return true;
    }

    private static T Deserialize<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> typeInfo) => JsonSerializer.Deserialize(ref reader, typeInfo)!;

    private void SetCells(IReadOnlyList<CellRouteSpec>? specs)
    {
        _cellsSeen = true;
        _cellSpecs = specs;
        _cells = null;
        _cellIndexById = null;
        _cellsError = null;
        if (specs is null)
        {
            return;
        }

        try
        {
            var cells = RoutingTableBuilder.BuildCells(specs);
            var byId = new Dictionary<string, int>(cells.Length, StringComparer.Ordinal);
            foreach (var cell in cells)
            {
                byId[cell.Id] = cell.Index;
            }

            _cells = cells;
            _cellIndexById = byId;
        }
        catch (RoutingTableException e)
        {
            // Reported by Finish, after any JSON error later in the document.
            _cellsError = e;
        }
    }

    /// <summary>
    /// The context's Web defaults match property names case-insensitively (ordinal). The names
    /// are ASCII, and ordinal case-insensitivity folds no other character onto ASCII, so an ASCII
    /// comparison of unescaped bytes decides the same.
    /// </summary>
    private static bool NameIs(ReadOnlySpan<byte> raw, string? escaped, ReadOnlySpan<byte> name, string nameText) =>
        escaped is null ? Ascii.EqualsIgnoreCase(raw, name) : string.Equals(escaped, nameText, StringComparison.OrdinalIgnoreCase);

    private static string GetString(ref Utf8JsonReader reader, string path)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            // Escapes that make no valid UTF-16, or bytes that are not UTF-8.
            throw new JsonException($"The JSON string cannot be read as text. Path: {path}.", path, null, null, e);
        }
    }

    private static JsonException Mismatch(Type type, string path, Exception? inner = null) =>
        new($"The JSON value could not be converted to {type}. Path: {path}.", path, null, null, inner);
}
