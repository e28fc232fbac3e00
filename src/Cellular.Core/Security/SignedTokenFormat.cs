using System.Buffers.Text;
using System.Security.Cryptography;

namespace Cellular.Core.Security;

/// <summary>
/// The small signed tokens Cellular passes between its own processes: colon-separated fields
/// (ids never contain ':'), then the base64url HMAC-SHA256 of everything before it. Written and
/// checked without JSON or a JWT library because a router writes one per forwarded request.
/// </summary>
internal static class SignedTokenFormat
{
    /// <summary>Characters of the base64url HMAC-SHA256 at the end of every token.</summary>
    public const int MacChars = 43;

    /// <summary>The token: <paramref name="body"/> (visible ASCII), ':' and its MAC under <paramref name="key"/>; one allocation.</summary>
    public static string Sign(ReadOnlySpan<char> body, ReadOnlySpan<byte> key)
    {
        Span<byte> bodyBytes = body.Length <= 1024 ? stackalloc byte[body.Length] : new byte[body.Length];
        for (var i = 0; i < body.Length; i++)
        {
            bodyBytes[i] = (byte)body[i];
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, bodyBytes, mac);
        Span<char> macChars = stackalloc char[MacChars];
        Base64Url.EncodeToChars(mac, macChars);
        return string.Concat(body, ":", macChars);
    }

    /// <summary>True when <paramref name="token"/> ends in a valid MAC of its body under <paramref name="key"/>.</summary>
    public static bool Verify(ReadOnlySpan<char> token, ReadOnlySpan<byte> key, out ReadOnlySpan<char> body)
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

        HMACSHA256.HashData(key, bodyBytes, expected);
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
}
