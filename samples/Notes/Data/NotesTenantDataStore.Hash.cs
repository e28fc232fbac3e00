using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Cellular.Core.Api;
using Dapper;

namespace Notes.Data;

internal sealed partial class NotesTenantDataStore
{
    public const string HashAlgorithm = "sha256";

    /// <summary>
    /// SHA-256 over the tenant's live notes by id: each note as its id (8 bytes, little-endian),
    /// then text and created-at, each as a 4-byte length and UTF-8 bytes. Sequence numbers and
    /// tombstones are left out: they are bookkeeping, not the tenant's data.
    /// </summary>
    public async Task<TenantHash> ComputeHashAsync(string tenant, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = 0L;
        var notes = connection.QueryUnbufferedAsync<HashRow>(
            "SELECT id, text, created_at AS createdAt FROM notes WHERE tenant = @tenant AND deleted = 0 ORDER BY id;",
            new { tenant });
        await foreach (var note in notes.WithCancellation(cancellationToken))
        {
            Append(hash, note);
            rows++;
        }

        return new TenantHash(tenant, HashAlgorithm, Convert.ToHexStringLower(hash.GetHashAndReset()), rows);
    }

    private static void Append(IncrementalHash hash, HashRow note)
    {
        Span<byte> number = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(number, note.Id);
        hash.AppendData(number);
        AppendString(hash, note.Text);
        AppendString(hash, note.CreatedAt);
    }

    private static void AppendString(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }

    /// <summary>The hashed columns of a live note; columns in constructor order.</summary>
    private sealed record HashRow(long Id, string Text, string CreatedAt);
}
