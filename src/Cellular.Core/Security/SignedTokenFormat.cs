using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Cellular.Core.Security;

/// <summary>
/// The small signed tokens Cellular passes between its own processes: colon-separated fields
/// (ids never contain ':'), then the base64url HMAC-SHA256 of everything before it. Written and
/// checked without JSON or a JWT library because a router writes one per forwarded request.
/// A token may be bound to a context that is not written into it (e.g. the request it is for):
/// the MAC then covers the body, a line feed and the context's UTF-8, and both sides recompute it.
/// </summary>
internal static class SignedTokenFormat
{
    /// <summary>Characters of the base64url HMAC-SHA256 at the end of every token.</summary>
    public const int MacChars = 43;

    /// <summary>
    /// The token: <paramref name="body"/> (visible ASCII), ':' and its MAC under <paramref name="key"/>,
    /// covering <paramref name="context"/> too when it is not empty; one allocation without a context.
    /// </summary>
    public static string Sign(ReadOnlySpan<char> body, ReadOnlySpan<byte> key, ReadOnlySpan<char> context = default)
    {
        var bodyBytes = body.Length <= 1024 ? stackalloc byte[body.Length] : new byte[body.Length];
        for (var i = 0; i < body.Length; i++)
        {
            bodyBytes[i] = (byte)body[i];
        }

        Span<byte> mac = stackalloc byte[32];
        Mac(key, bodyBytes, context, mac);
        return Concat(body, mac);
    }

    /// <summary>
    /// The token of <paramref name="body"/> (visible ASCII, at most 1,024 characters) signed with a
    /// keyed HMAC-SHA256 state, which is left reset for the next token: the key's set-up is paid once
    /// per state instead of once per token, which is what a router signing every request wants.
    /// </summary>
    public static string Sign(ReadOnlySpan<char> body, IncrementalHash keyedMac)
    {
        ArgumentNullException.ThrowIfNull(keyedMac);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(body.Length, 1024);
        Span<byte> bodyBytes = stackalloc byte[body.Length];
        for (var i = 0; i < body.Length; i++)
        {
            bodyBytes[i] = (byte)body[i];
        }

        Span<byte> mac = stackalloc byte[32];
        keyedMac.AppendData(bodyBytes);
        keyedMac.GetHashAndReset(mac);
        return Concat(body, mac);
    }

    private static string Concat(ReadOnlySpan<char> body, ReadOnlySpan<byte> mac)
    {
        Span<char> macChars = stackalloc char[MacChars];
        Base64Url.EncodeToChars(mac, macChars);
        return string.Concat(body, ":", macChars);
    }

    /// <summary>
    /// True when <paramref name="token"/> ends in a valid MAC of its body (and of <paramref name="context"/>,
    /// when not empty) under <paramref name="key"/>.
    /// </summary>
    public static bool Verify(ReadOnlySpan<char> token, ReadOnlySpan<byte> key, out ReadOnlySpan<char> body, ReadOnlySpan<char> context = default)
    {
        body = default;
        if (token.Length <= MacChars + 1 || token.Length > 1024 || token[^(MacChars + 1)] != ':')
        {
            return false;
        }

        var bodyChars = token[..^(MacChars + 1)];
        Span<byte> expected = stackalloc byte[32];
        Span<byte> bodyBytes = stackalloc byte[bodyChars.Length];
        for (var i = 0; i < bodyChars.Length; i++)
        {
            var c = bodyChars[i];
            if (c is < (char)0x21 or > (char)0x7e)
            {
                return false;
            }

            bodyBytes[i] = (byte)c;
        }

        Mac(key, bodyBytes, context, expected);
        Span<byte> actual = stackalloc byte[33];
        if (!Base64Url.TryDecodeFromChars(token[^MacChars..], actual, out var macLength) || macLength != 32)
        {
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(actual[..32], expected))
        {
            return false;
        }

        body = bodyChars;
        return true;
    }

    private static void Mac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> body, ReadOnlySpan<char> context, Span<byte> mac)
    {
        if (context.IsEmpty)
        {
            HMACSHA256.HashData(key, body, mac);
            return;
        }

        // The body is visible ASCII, so the line feed cannot be part of it: body and context never run together.
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(body);
        hmac.AppendData("\n"u8);
        hmac.AppendData(Encoding.UTF8.GetBytes(context.ToString()));
        hmac.GetHashAndReset(mac);
    }
}
