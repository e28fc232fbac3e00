using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cellular.Core.Json;
using Cellular.Core.Routing.Internal;

namespace Cellular.Core.Routing;

/// <summary>
/// The on-disk form of a routing table: <c>{"format":…,"sha256":…,"table":{snapshot}}</c>.
/// The checksum covers the exact bytes of <c>table</c>, so a truncated or bit-flipped file is
/// refused even when it still parses.
/// </summary>
/// <remarks>
/// Tables are written and read without a <see cref="RoutingTableSnapshot"/> in between
/// (<see cref="RoutingTableJson"/>), since one of a million tenants costs some 300 MiB. The file
/// format is unchanged. A file exactly as this class writes it (the envelope's properties in
/// that order, nothing around the table) is read in one pass, hashing the table while building
/// it; any other file is read the general way, whole, so every file refuses or loads as before.
/// </remarks>
public static class RoutingTableFile
{
    /// <summary>Format name of the envelope.</summary>
    public const string Format = "cellular.routing-table-file/v1";

    private const int HashHexLength = 64;

    private static ReadOnlySpan<byte> HeadStart => "{\"format\":\"cellular.routing-table-file/v1\",\"sha256\":\""u8;

    private static ReadOnlySpan<byte> HeadEnd => "\",\"table\":"u8;

    private static int HeadLength => HeadStart.Length + HashHexLength + HeadEnd.Length;

    private static ReadOnlySpan<byte> JsonWhiteSpace => " \t\r\n"u8;

    /// <summary>Serialises <paramref name="snapshot"/> into the checksummed file form.</summary>
    public static byte[] Serialize(RoutingTableSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var table = JsonSerializer.SerializeToUtf8Bytes(snapshot, CellularJsonContext.Default.RoutingTableSnapshot);
        var hash = Convert.ToHexStringLower(SHA256.HashData(table));
        var head = Encoding.UTF8.GetBytes($"{{\"format\":\"{Format}\",\"sha256\":\"{hash}\",\"table\":");
        var result = new byte[head.Length + table.Length + 1];
        head.CopyTo(result, 0);
        table.CopyTo(result, head.Length);
        result[^1] = (byte)'}';
        return result;
    }

    /// <summary>Serialises <paramref name="table"/> into the checksummed file form; the same bytes as <see cref="Serialize(RoutingTableSnapshot)"/> of its snapshot.</summary>
    public static byte[] Serialize(RoutingTable table)
    {
        using var output = new MemoryStream();
        Write(table, output);
        return output.ToArray();
    }

    /// <summary>
    /// Writes <paramref name="table"/> in the checksummed file form to <paramref name="destination"/>
    /// as it is encoded, 64 KiB at a time. On a seekable stream the checksum is written last, over
    /// a placeholder; on any other the table is encoded twice, once to hash it.
    /// </summary>
    public static void Write(RoutingTable table, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(destination);
        Span<byte> hex = stackalloc byte[HashHexLength];
        if (!destination.CanSeek)
        {
            using var hashOnly = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var chunk in SnapshotJsonWriter.Write(table))
            {
                hashOnly.AppendData(chunk.Span);
            }

            HexOf(hashOnly, hex);
            destination.Write(HeadStart);
            destination.Write(hex);
            destination.Write(HeadEnd);
            RoutingTableJson.Write(table, destination);
            destination.Write("}"u8);
            return;
        }

        destination.Write(HeadStart);
        var hashAt = destination.Position;
        hex.Fill((byte)'0');
        destination.Write(hex);
        destination.Write(HeadEnd);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var chunk in SnapshotJsonWriter.Write(table))
        {
            hash.AppendData(chunk.Span);
            destination.Write(chunk.Span);
        }

        destination.Write("}"u8);
        var end = destination.Position;
        HexOf(hash, hex);
        destination.Position = hashAt;
        destination.Write(hex);
        destination.Position = end;
    }

    /// <summary>Reads and verifies a table file, then builds the table.</summary>
    /// <exception cref="RoutingTableException">The file is corrupt, of another format, or inconsistent.</exception>
    public static RoutingTable Read(ReadOnlySpan<byte> file)
    {
        if (TryReadAsWritten(file) is { } table)
        {
            return table;
        }

        var json = LocateTable(file);
        if (json.SequenceEqual("null"u8))
        {
            throw new RoutingTableException("The routing table file holds a null table.");
        }

        try
        {
            return RoutingTableJson.Read(json);
        }
        catch (JsonException e)
        {
            throw new RoutingTableException($"The routing table in the file cannot be read: {e.Message}", e);
        }
    }

    /// <summary>
    /// Reads and verifies a table file from <paramref name="file"/>, then builds the table. A file
    /// as this class writes it is read a block at a time, so memory use is the table plus a small
    /// buffer; anything else, or a stream that cannot seek back, is read whole first.
    /// </summary>
    /// <exception cref="RoutingTableException">The file is corrupt, of another format, or inconsistent.</exception>
    /// <exception cref="IOException">The stream could not be read.</exception>
    public static RoutingTable Read(Stream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.CanSeek)
        {
            var origin = file.Position;
            if (TryReadAsWritten(file) is { } table)
            {
                return table;
            }

            file.Position = origin;
        }

        using var whole = new MemoryStream();
        file.CopyTo(whole);
        return Read(whole.GetBuffer().AsSpan(0, (int)whole.Length));
    }

    /// <summary>Reads and verifies a table file without building the table.</summary>
    /// <exception cref="RoutingTableException">The file is corrupt or of another format.</exception>
    public static RoutingTableSnapshot ReadSnapshot(ReadOnlySpan<byte> file)
    {
        var table = LocateTable(file);
        try
        {
            return JsonSerializer.Deserialize(table, CellularJsonContext.Default.RoutingTableSnapshot)
                ?? throw new RoutingTableException("The routing table file holds a null table.");
        }
        catch (JsonException e)
        {
            throw new RoutingTableException($"The routing table in the file cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The verified bytes of the file's <c>table</c> value.</summary>
    /// <exception cref="RoutingTableException">The file is corrupt or of another format.</exception>
    private static ReadOnlySpan<byte> LocateTable(ReadOnlySpan<byte> file)
    {
        string? format = null, sha256 = null;
        ReadOnlySpan<byte> table = default;
        try
        {
            var reader = new Utf8JsonReader(file);
            Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "it is not a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                Expect(reader.Read(), "it ends early");
                switch (name)
                {
                    case "format":
                        format = reader.GetString();
                        break;
                    case "sha256":
                        sha256 = reader.GetString();
                        break;
                    case "table":
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        table = file[start..(int)reader.BytesConsumed];
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            Expect(reader.TokenType == JsonTokenType.EndObject, "it ends early");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a value of the wrong JSON type, e.g. "format": 5.
            throw new RoutingTableException($"The routing table file is not valid JSON: {e.Message}", e);
        }

        if (format != Format)
        {
            throw new RoutingTableException($"The routing table file has format '{format}'; expected '{Format}'.");
        }

        if (table.IsEmpty || sha256 is null)
        {
            throw new RoutingTableException("The routing table file has no table or no checksum.");
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(table));
        if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new RoutingTableException($"The routing table file is corrupt: its checksum is {actual}, but the file says {sha256}.");
        }

        return table;
    }

    /// <summary>
    /// The table of a file laid out exactly as <see cref="Write"/> writes it, with a matching
    /// checksum; null for any other file, which the general reader then judges. When the layout
    /// and checksum hold, the general reader would find the same table bytes, so a table error
    /// thrown here is the one it would throw.
    /// </summary>
    private static RoutingTable? TryReadAsWritten(ReadOnlySpan<byte> file)
    {
        if (!IsWrittenHead(file))
        {
            return null;
        }

        var last = file.LastIndexOfAnyExcept(JsonWhiteSpace);
        if (last <= HeadLength || file[last] != '}' || file[last - 1] != '}')
        {
            return null;
        }

        var json = file[HeadLength..last];
        Span<byte> hex = stackalloc byte[HashHexLength];
        HexOf(SHA256.HashData(json), hex);
        if (!Ascii.EqualsIgnoreCase(hex, file.Slice(HeadStart.Length, HashHexLength)))
        {
            return null;
        }

        try
        {
            return RoutingTableJson.Read(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The streaming form of <see cref="TryReadAsWritten(ReadOnlySpan{byte})"/>: hashes the table's bytes as the parser consumes them.</summary>
    private static RoutingTable? TryReadAsWritten(Stream file)
    {
        using var buffer = new JsonStreamBuffer();
        while (buffer.Data.Length <= HeadLength && buffer.Fill(file))
        {
        }

        if (!IsWrittenHead(buffer.Data))
        {
            return null;
        }

        Span<byte> expected = stackalloc byte[HashHexLength];
        buffer.Data.Slice(HeadStart.Length, HashHexLength).CopyTo(expected);
        buffer.Consume(HeadLength);

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var parser = new SnapshotJsonParser();
        try
        {
            while (true)
            {
                var data = buffer.Data;
                var used = parser.Feed(data, buffer.IsEndOfStream);
                hash.AppendData(data[..used]);
                buffer.Consume(used);
                if (parser.IsDone)
                {
                    break;
                }

                if (buffer.IsEndOfStream)
                {
                    return null;
                }

                buffer.Fill(file);
            }
        }
        catch (JsonException)
        {
            return null;
        }

        // After the table: the envelope's closing brace, then only white space.
        var closed = false;
        do
        {
            var rest = buffer.Data;
            if (!closed && !rest.IsEmpty)
            {
                if (rest[0] != '}')
                {
                    return null;
                }

                closed = true;
                rest = rest[1..];
            }

            if (rest.ContainsAnyExcept(JsonWhiteSpace))
            {
                return null;
            }

            buffer.Consume(buffer.Data.Length);
        }
        while (buffer.Fill(file));

        Span<byte> actual = stackalloc byte[HashHexLength];
        HexOf(hash, actual);
        if (!closed || !Ascii.EqualsIgnoreCase(actual, expected))
        {
            return null;
        }

        try
        {
            return parser.Finish();
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="file"/> starts with the head <see cref="Write"/> writes, followed by a table object.</summary>
    private static bool IsWrittenHead(ReadOnlySpan<byte> file) =>
        file.Length > HeadLength
        && file.StartsWith(HeadStart)
        && file[(HeadStart.Length + HashHexLength)..].StartsWith(HeadEnd)
        && file[HeadLength] == '{';

    private static void HexOf(IncrementalHash hash, Span<byte> hex)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        HexOf(digest, hex);
    }

    private static void HexOf(ReadOnlySpan<byte> digest, Span<byte> hex) =>
        Encoding.ASCII.GetBytes(Convert.ToHexStringLower(digest), hex);

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new RoutingTableException($"The routing table file is corrupt: {what}.");
        }
    }
}
