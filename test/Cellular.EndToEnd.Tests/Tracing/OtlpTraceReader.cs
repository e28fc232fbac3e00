using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Cellular.EndToEnd.Tests.Tracing;

/// <summary>
/// Reads an OTLP <c>ExportTraceServiceRequest</c> (protobuf wire format) into <see cref="ReceivedSpan"/>s:
/// just the fields the tests look at, every other field skipped by its wire type.
/// </summary>
public static class OtlpTraceReader
{
    public static List<ReceivedSpan> Read(ReadOnlySpan<byte> request)
    {
        var spans = new List<ReceivedSpan>();
        var reader = new Wire(request);
        while (reader.Next(out var field, out var type))
        {
            if (field == 1 && type == 2)
            {
                ReadResourceSpans(reader.Bytes(), spans);
            }
            else
            {
                reader.Skip(type);
            }
        }

        return spans;
    }

    private static void ReadResourceSpans(ReadOnlySpan<byte> message, List<ReceivedSpan> spans)
    {
        var resource = new Dictionary<string, string>(StringComparer.Ordinal);
        var scopes = new List<byte[]>();
        var reader = new Wire(message);
        while (reader.Next(out var field, out var type))
        {
            switch (field, type)
            {
                case (1, 2):
                    var resourceReader = new Wire(reader.Bytes());
                    while (resourceReader.Next(out var f, out var t))
                    {
                        if (f == 1 && t == 2)
                        {
                            ReadKeyValue(resourceReader.Bytes(), resource);
                        }
                        else
                        {
                            resourceReader.Skip(t);
                        }
                    }

                    break;
                case (2, 2):
                    scopes.Add(reader.Bytes().ToArray());
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        var service = resource.GetValueOrDefault("service.name", "");
        foreach (var scope in scopes)
        {
            ReadScopeSpans(scope, service, resource, spans);
        }
    }

    private static void ReadScopeSpans(ReadOnlySpan<byte> message, string service, Dictionary<string, string> resource, List<ReceivedSpan> spans)
    {
        var scopeName = "";
        var reader = new Wire(message);
        var raw = new List<byte[]>();
        while (reader.Next(out var field, out var type))
        {
            switch (field, type)
            {
                case (1, 2):
                    var scopeReader = new Wire(reader.Bytes());
                    while (scopeReader.Next(out var f, out var t))
                    {
                        if (f == 1 && t == 2)
                        {
                            scopeName = Encoding.UTF8.GetString(scopeReader.Bytes());
                        }
                        else
                        {
                            scopeReader.Skip(t);
                        }
                    }

                    break;
                case (2, 2):
                    raw.Add(reader.Bytes().ToArray());
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        foreach (var span in raw)
        {
            spans.Add(ReadSpan(span, service, scopeName, resource));
        }
    }

    private static ReceivedSpan ReadSpan(ReadOnlySpan<byte> message, string service, string scope, Dictionary<string, string> resource)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        int kind = 0, status = 0;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new Wire(message);
        while (reader.Next(out var field, out var type))
        {
            switch (field, type)
            {
                case (1, 2): traceId = Convert.ToHexStringLower(reader.Bytes()); break;
                case (2, 2): spanId = Convert.ToHexStringLower(reader.Bytes()); break;
                case (4, 2): parent = Convert.ToHexStringLower(reader.Bytes()); break;
                case (5, 2): name = Encoding.UTF8.GetString(reader.Bytes()); break;
                case (6, 0): kind = (int)reader.Varint(); break;
                case (9, 2): ReadKeyValue(reader.Bytes(), attributes); break;
                case (15, 2):
                    var statusReader = new Wire(reader.Bytes());
                    while (statusReader.Next(out var f, out var t))
                    {
                        if (f == 3 && t == 0)
                        {
                            status = (int)statusReader.Varint();
                        }
                        else
                        {
                            statusReader.Skip(t);
                        }
                    }

                    break;
                default: reader.Skip(type); break;
            }
        }

        return new ReceivedSpan(service, scope, traceId, spanId, parent, name, kind, status, attributes, resource);
    }

    private static void ReadKeyValue(ReadOnlySpan<byte> message, Dictionary<string, string> into)
    {
        var key = "";
        var value = "";
        var reader = new Wire(message);
        while (reader.Next(out var field, out var type))
        {
            if (field == 1 && type == 2)
            {
                key = Encoding.UTF8.GetString(reader.Bytes());
            }
            else if (field == 2 && type == 2)
            {
                value = ReadAnyValue(reader.Bytes());
            }
            else
            {
                reader.Skip(type);
            }
        }

        into[key] = value;
    }

    private static string ReadAnyValue(ReadOnlySpan<byte> message)
    {
        var reader = new Wire(message);
        var value = "";
        while (reader.Next(out var field, out var type))
        {
            switch (field, type)
            {
                case (1, 2): value = Encoding.UTF8.GetString(reader.Bytes()); break;
                case (2, 0): value = reader.Varint() != 0 ? "true" : "false"; break;
                case (3, 0): value = ((long)reader.Varint()).ToString(CultureInfo.InvariantCulture); break;
                case (4, 1): value = BitConverter.Int64BitsToDouble((long)reader.Fixed64()).ToString(CultureInfo.InvariantCulture); break;
                default: reader.Skip(type); break;
            }
        }

        return value;
    }

    /// <summary>A cursor over protobuf wire format.</summary>
    private ref struct Wire(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;

        public bool Next(out int field, out int type)
        {
            if (_at >= _data.Length)
            {
                field = type = 0;
                return false;
            }

            var tag = Varint();
            field = (int)(tag >> 3);
            type = (int)(tag & 7);
            return true;
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = _data[_at++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
        }

        public ulong Fixed64()
        {
            var value = BinaryPrimitives.ReadUInt64LittleEndian(_data[_at..]);
            _at += 8;
            return value;
        }

        public ReadOnlySpan<byte> Bytes()
        {
            var length = (int)Varint();
            var bytes = _data.Slice(_at, length);
            _at += length;
            return bytes;
        }

        public void Skip(int type)
        {
            switch (type)
            {
                case 0: Varint(); break;
                case 1: _at += 8; break;
                case 2: Bytes(); break;
                case 5: _at += 4; break;
                default: throw new InvalidDataException($"Unknown protobuf wire type {type}.");
            }
        }
    }
}
