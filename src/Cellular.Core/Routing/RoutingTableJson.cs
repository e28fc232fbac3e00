using System.Text.Json;
using Cellular.Core.Json;
using Cellular.Core.Routing.Internal;

namespace Cellular.Core.Routing;

/// <summary>
/// Reads and writes routing tables as <c>cellular.routing-table/v1</c> JSON without the
/// <see cref="RoutingTableSnapshot"/> in between. Deserialising a snapshot of a million tenants
/// allocates a record and two strings per tenant, some 300 MiB, only for
/// <see cref="RoutingTable.FromSnapshot"/> to copy them into a map of under 30 MiB; these read the
/// JSON bytes straight into that map, and write the map straight back out.
/// </summary>
/// <remarks>
/// The reader accepts and refuses what deserialising with <see cref="CellularJsonContext"/> and
/// then calling <see cref="RoutingTable.FromSnapshot"/> does, with the same
/// <see cref="RoutingTableException"/> messages. The writer writes the bytes
/// <see cref="JsonSerializer"/> writes for <see cref="RoutingTable.ToSnapshot"/>.
/// </remarks>
public static class RoutingTableJson
{
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> JsonWhiteSpace => " \t\r\n"u8;

    /// <summary>Builds a table from snapshot JSON.</summary>
    /// <param name="utf8Json">One JSON document, UTF-8.</param>
    /// <exception cref="JsonException">The bytes are not JSON, or a value has the wrong type.</exception>
    /// <exception cref="RoutingTableException">The snapshot is not a usable table; the message says why.</exception>
    public static RoutingTable Read(ReadOnlySpan<byte> utf8Json)
    {
        var parser = new SnapshotJsonParser();
        var used = parser.Feed(utf8Json, isFinalBlock: true);
        if (!parser.IsDone)
        {
            throw new JsonException("The JSON ends before the routing table does.");
        }

        EnsureOnlyWhiteSpace(utf8Json[used..]);
        try
        {
            return parser.Finish();
        }
        catch (NotSupportedException)
        {
            // A layout no writer produces (different cells again after the tenants): the bytes
            // are all here, so read them the slow way rather than refuse them.
            return RoutingTable.FromSnapshot(JsonSerializer.Deserialize(utf8Json, CellularJsonContext.Default.RoutingTableSnapshot)!);
        }
    }

    /// <summary>
    /// Builds a table from snapshot JSON read from <paramref name="utf8Json"/> to its end, a
    /// block at a time: memory use is the table plus a small buffer, whatever the body's size.
    /// </summary>
    /// <param name="utf8Json">A stream of one JSON document, UTF-8, optionally with a byte order mark.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <exception cref="JsonException">The bytes are not JSON, or a value has the wrong type.</exception>
    /// <exception cref="RoutingTableException">The snapshot is not a usable table; the message says why.</exception>
    public static async Task<RoutingTable> ReadAsync(Stream utf8Json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        var parser = new SnapshotJsonParser();
        using var buffer = new JsonStreamBuffer();

        // As JsonSerializer.DeserializeAsync, skip a byte order mark.
        while (buffer.Data.Length < Utf8Bom.Length && await buffer.FillAsync(utf8Json, cancellationToken).ConfigureAwait(false))
        {
        }

        if (buffer.Data.StartsWith(Utf8Bom))
        {
            buffer.Consume(Utf8Bom.Length);
        }

        while (true)
        {
            buffer.Consume(parser.Feed(buffer.Data, buffer.IsEndOfStream));
            if (parser.IsDone)
            {
                break;
            }

            if (buffer.IsEndOfStream)
            {
                throw new JsonException("The JSON ends before the routing table does.");
            }

            await buffer.FillAsync(utf8Json, cancellationToken).ConfigureAwait(false);
        }

        do
        {
            EnsureOnlyWhiteSpace(buffer.Data);
            buffer.Consume(buffer.Data.Length);
        }
        while (await buffer.FillAsync(utf8Json, cancellationToken).ConfigureAwait(false));

        try
        {
            return parser.Finish();
        }
        catch (NotSupportedException e)
        {
            throw new RoutingTableException("The routing table lists different cells after its tenants, which cannot be read as a stream.", e);
        }
    }

    /// <summary>Writes <paramref name="table"/> as snapshot JSON to <paramref name="destination"/>, 64 KiB at a time.</summary>
    public static void Write(RoutingTable table, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        foreach (var chunk in SnapshotJsonWriter.Write(table))
        {
            destination.Write(chunk.Span);
        }
    }

    /// <summary>Writes <paramref name="table"/> as snapshot JSON to <paramref name="destination"/>, 64 KiB at a time.</summary>
    public static async Task WriteAsync(RoutingTable table, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        foreach (var chunk in SnapshotJsonWriter.Write(table))
        {
            await destination.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The snapshot JSON of <paramref name="table"/>.</summary>
    public static byte[] SerializeToUtf8Bytes(RoutingTable table)
    {
        using var output = new MemoryStream();
        Write(table, output);
        return output.ToArray();
    }

    private static void EnsureOnlyWhiteSpace(ReadOnlySpan<byte> rest)
    {
        var at = rest.IndexOfAnyExcept(JsonWhiteSpace);
        if (at >= 0)
        {
            throw new JsonException($"'{(char)rest[at]}' is invalid after a single JSON value. Expected end of data.");
        }
    }
}
