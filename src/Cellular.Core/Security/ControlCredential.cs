using System.Globalization;
using Cellular.Core.Model;

namespace Cellular.Core.Security;

/// <summary>
/// The control plane's credential for one cell's <c>/_cell/*</c> endpoints: a short-lived token
/// signed with the cell's control key (derived from the cell secret, never given to routers), so
/// neither a router nor a client, nor another cell, can make one. Sent as
/// <c>Authorization: Bearer cc1:{cell}:{expiresAtUnixMs}:{id}:{mac}</c>.
/// </summary>
/// <param name="Cell">The cell it is for.</param>
/// <param name="ExpiresAt">Not valid after this instant.</param>
/// <param name="Id">Unique id.</param>
public sealed record ControlCredential(string Cell, DateTimeOffset ExpiresAt, string Id)
{
    /// <summary>The prefix of every credential of this format.</summary>
    public const string Prefix = "cc1";

    /// <summary>Signs a credential for <paramref name="cell"/> with its control key.</summary>
    public static string Create(ReadOnlySpan<byte> controlKey, string cell, DateTimeOffset expiresAt, string id)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"{Prefix}:{cell}:{expiresAt.ToUnixTimeMilliseconds()}:{id}");
        return SignedTokenFormat.Sign(body, controlKey);
    }

    /// <summary>
    /// Checks <paramref name="token"/> for cell <paramref name="cell"/> at <paramref name="now"/>:
    /// null when valid, else why not (for the 401's detail; it names no secret).
    /// </summary>
    public static string? Validate(string? token, ReadOnlySpan<byte> controlKey, string cell, DateTimeOffset now, TimeSpan clockSkew)
    {
        if (string.IsNullOrEmpty(token) || !token.StartsWith(Prefix + ":", StringComparison.Ordinal))
        {
            return "The control plane's credential is missing.";
        }

        var parts = token.Split(':');
        if (parts.Length != 5 || !Ids.IsValidCellId(parts[1])
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return "The control plane's credential is malformed.";
        }

        if (!string.Equals(parts[1], cell, StringComparison.Ordinal))
        {
            return "The control plane's credential is for another cell.";
        }

        if (!SignedTokenFormat.Verify(token, controlKey, out _))
        {
            return "The control plane's credential has a bad signature.";
        }

        if (expires + (long)clockSkew.TotalMilliseconds < now.ToUnixTimeMilliseconds())
        {
            return "The control plane's credential has expired.";
        }

        return null;
    }
}
