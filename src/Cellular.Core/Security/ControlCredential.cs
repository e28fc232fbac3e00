using System.Globalization;
using Cellular.Core.Model;

namespace Cellular.Core.Security;

/// <summary>
/// The control plane's credential for one call to one cell's <c>/_cell/*</c> endpoints: a
/// short-lived token signed with the cell's control key (derived from the cell secret, never given
/// to routers), so neither a router nor a client, nor another cell, can make one. Sent as
/// <c>Authorization: Bearer cc1:{cell}:{expiresAtUnixMs}:{id}:{mac}</c>. The MAC also covers the
/// request's method and path (not written into the token; both sides recompute them, see
/// <see cref="Context"/>), so a credential made for <c>GET /_cell/info</c> is worth nothing on
/// <c>POST /_cell/faults</c>; a cell also refuses an <see cref="Id"/> it has already accepted.
/// </summary>
/// <param name="Cell">The cell it is for.</param>
/// <param name="ExpiresAt">Not valid after this instant.</param>
/// <param name="Id">Unique id (1–64 characters, no ':'); a cell accepts each id once.</param>
public sealed record ControlCredential(string Cell, DateTimeOffset ExpiresAt, string Id)
{
    /// <summary>The prefix of every credential of this format.</summary>
    public const string Prefix = "cc1";

    /// <summary>The longest id a credential may carry.</summary>
    public const int MaxIdLength = 64;

    /// <summary>
    /// Signs a credential for <paramref name="cell"/> with its control key, for one request:
    /// <paramref name="method"/> (any case) and <paramref name="path"/> (decoded, without query,
    /// e.g. <c>/_cell/tenants/acme/export</c>).
    /// </summary>
    public static string Create(ReadOnlySpan<byte> controlKey, string cell, string method, string path, DateTimeOffset expiresAt, string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var body = string.Create(CultureInfo.InvariantCulture, $"{Prefix}:{cell}:{expiresAt.ToUnixTimeMilliseconds()}:{id}");
        return SignedTokenFormat.Sign(body, controlKey, Context(method, path));
    }

    /// <summary>
    /// Checks <paramref name="token"/> for cell <paramref name="cell"/> and the request
    /// <paramref name="method"/> <paramref name="path"/> at <paramref name="now"/>:
    /// null when valid, else why not (for the 401's detail; it names no secret).
    /// </summary>
    public static string? Validate(string? token, ReadOnlySpan<byte> controlKey, string cell, string method, string path, DateTimeOffset now, TimeSpan clockSkew) =>
        Validate(token, controlKey, cell, method, path, now, clockSkew, out _);

    /// <summary>
    /// As <see cref="Validate(string?, ReadOnlySpan{byte}, string, string, string, DateTimeOffset, TimeSpan)"/>,
    /// and gives the valid credential's fields (for replay detection); null when it is not valid.
    /// </summary>
    public static string? Validate(
        string? token,
        ReadOnlySpan<byte> controlKey,
        string cell,
        string method,
        string path,
        DateTimeOffset now,
        TimeSpan clockSkew,
        out ControlCredential? credential)
    {
        credential = null;
        if (string.IsNullOrEmpty(token) || !token.StartsWith(Prefix + ":", StringComparison.Ordinal))
        {
            return "The control plane's credential is missing.";
        }

        var parts = token.Split(':');
        if (parts.Length != 5 || !Ids.IsValidCellId(parts[1])
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || expires > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            || parts[3].Length is 0 or > MaxIdLength)
        {
            return "The control plane's credential is malformed.";
        }

        if (!string.Equals(parts[1], cell, StringComparison.Ordinal))
        {
            return "The control plane's credential is for another cell.";
        }

        if (!SignedTokenFormat.Verify(token, controlKey, out _, Context(method, path)))
        {
            return "The control plane's credential has a bad signature or was made for another request (method and path).";
        }

        if (expires + (long)clockSkew.TotalMilliseconds < now.ToUnixTimeMilliseconds())
        {
            return "The control plane's credential has expired.";
        }

        credential = new ControlCredential(parts[1], DateTimeOffset.FromUnixTimeMilliseconds(expires), parts[3]);
        return null;
    }

    /// <summary>What the MAC covers besides the token's text: <c>{METHOD}\n{path}</c> (method upper-cased).</summary>
    internal static string Context(string method, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(path);
        return string.Concat(method.ToUpperInvariant(), "\n", path);
    }
}
