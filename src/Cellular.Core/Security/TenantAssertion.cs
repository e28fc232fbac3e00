using System.Globalization;
using System.Security.Cryptography;
using Cellular.Core.Model;

namespace Cellular.Core.Security;

/// <summary>
/// What a router vouches for on every request it forwards: this request is for
/// <see cref="Tenant"/> at <see cref="Epoch"/>, routed to <see cref="Cell"/>, until
/// <see cref="ExpiresAt"/>. Signed with the cell's assertion key of <see cref="Generation"/>,
/// so only a router (which holds the keys) can make one and only the named cell accepts it.
/// Sent in <see cref="CellularHeaders.TenantAssertion"/> as
/// <c>ta1:{generation}:{cell}:{tenant}:{epoch}:{expiresAtUnixMs}:{id}:{mac}</c>.
/// </summary>
/// <param name="Generation">The assertion-key generation it is signed with.</param>
/// <param name="Cell">The cell it is for.</param>
/// <param name="Tenant">The tenant the request is for.</param>
/// <param name="Epoch">The tenant's epoch in the router's table.</param>
/// <param name="ExpiresAt">Not valid after this instant.</param>
/// <param name="Id">Unique id of this assertion (for logs and replay detection).</param>
public sealed record TenantAssertion(long Generation, string Cell, string Tenant, long Epoch, DateTimeOffset ExpiresAt, string Id)
{
    /// <summary>The prefix of every assertion of this format.</summary>
    public const string Prefix = "ta1";

    /// <summary>Signs an assertion; one string allocated. Ids must be valid (they are never escaped).</summary>
    public static string Create(ReadOnlySpan<byte> key, long generation, string cell, string tenant, long epoch, DateTimeOffset expiresAt, ReadOnlySpan<char> id)
    {
        Span<char> body = stackalloc char[BodyCapacity(cell, tenant, id)];
        var length = WriteBody(body, generation, cell, tenant, epoch, expiresAt, id);
        return SignedTokenFormat.Sign(body[..length], key);
    }

    /// <summary>
    /// Signs an assertion with a keyed HMAC-SHA256 state of the cell's key (left reset for the next
    /// one), so the key's set-up is not paid per request; one string allocated.
    /// </summary>
    public static string Create(IncrementalHash keyedMac, long generation, string cell, string tenant, long epoch, DateTimeOffset expiresAt, ReadOnlySpan<char> id)
    {
        Span<char> body = stackalloc char[BodyCapacity(cell, tenant, id)];
        var length = WriteBody(body, generation, cell, tenant, epoch, expiresAt, id);
        return SignedTokenFormat.Sign(body[..length], keyedMac);
    }

    private static int BodyCapacity(string cell, string tenant, ReadOnlySpan<char> id) => 3 + (7 * 21) + cell.Length + tenant.Length + id.Length;

    private static int WriteBody(Span<char> body, long generation, string cell, string tenant, long epoch, DateTimeOffset expiresAt, ReadOnlySpan<char> id)
    {
        var w = new SpanWriter(body);
        w.Write(Prefix);
        w.Write(':');
        w.Write(generation);
        w.Write(':');
        w.Write(cell);
        w.Write(':');
        w.Write(tenant);
        w.Write(':');
        w.Write(epoch);
        w.Write(':');
        w.Write(expiresAt.ToUnixTimeMilliseconds());
        w.Write(':');
        w.Write(id);
        return w.Length;
    }

    /// <summary>
    /// Reads the fields without checking the signature, so the verifier can pick the key of the
    /// right generation; false when the text is not an assertion of this format.
    /// </summary>
    public static bool TryParseUnverified(string? text, out TenantAssertion assertion)
    {
        assertion = null!;
        if (string.IsNullOrEmpty(text) || text.Length > 1024 || !text.StartsWith(Prefix + ":", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = text.Split(':');
        if (parts.Length != 8
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var generation) || generation <= 0
            || !Ids.IsValidCellId(parts[2])
            || !Ids.IsValidTenantId(parts[3])
            || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            || !long.TryParse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || parts[6].Length is 0 or > 64
            || parts[7].Length != SignedTokenFormat.MacChars)
        {
            return false;
        }

        DateTimeOffset expiresAt;
        try
        {
            expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(expires);
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }

        assertion = new TenantAssertion(generation, parts[2], parts[3], epoch, expiresAt, parts[6]);
        return true;
    }

    /// <summary>True when <paramref name="text"/> carries a valid MAC under <paramref name="key"/>.</summary>
    public static bool VerifySignature(string text, ReadOnlySpan<byte> key) => SignedTokenFormat.Verify(text, key, out _);
}
