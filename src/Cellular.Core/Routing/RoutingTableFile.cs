using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cellular.Core.Json;

namespace Cellular.Core.Routing;

/// <summary>
/// The on-disk form of a routing table: <c>{"format":…,"sha256":…,"table":{snapshot}}</c>.
/// The checksum covers the exact bytes of <c>table</c>, so a truncated or bit-flipped file is
/// refused even when it still parses.
/// </summary>
public static class RoutingTableFile
{
    /// <summary>Format name of the envelope.</summary>
    public const string Format = "cellular.routing-table-file/v1";

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

    /// <summary>Reads and verifies a table file, then builds the table.</summary>
    /// <exception cref="RoutingTableException">The file is corrupt, of another format, or inconsistent.</exception>
    public static RoutingTable Read(ReadOnlySpan<byte> file) => RoutingTable.FromSnapshot(ReadSnapshot(file));

    /// <summary>Reads and verifies a table file without building the table.</summary>
    /// <exception cref="RoutingTableException">The file is corrupt or of another format.</exception>
    public static RoutingTableSnapshot ReadSnapshot(ReadOnlySpan<byte> file)
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

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new RoutingTableException($"The routing table file is corrupt: {what}.");
        }
    }
}
