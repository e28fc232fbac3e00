using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Cellular.ControlPlane.Auth;

/// <summary>
/// An API key's token: <c>cel_{id}_{secret}</c>, the id (12 of <c>[a-z0-9]</c>) to find the key,
/// the secret (32 random bytes, base64url) to prove it. Only the SHA-256 of the secret is stored.
/// </summary>
internal static class ApiKeyToken
{
    public const string Prefix = "cel_";
    public const int IdLength = 12;

    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewId() => RandomNumberGenerator.GetString(IdAlphabet, IdLength);

    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Format(string id, string secret) => $"{Prefix}{id}_{secret}";

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Splits a token into id and secret; false when it is not of this format.</summary>
    public static bool TryParse(string token, out string id, out string secret)
    {
        id = secret = string.Empty;
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length < Prefix.Length + IdLength + 2 || token[Prefix.Length + IdLength] != '_')
        {
            return false;
        }

        id = token.Substring(Prefix.Length, IdLength);
        secret = token[(Prefix.Length + IdLength + 1)..];
        return id.All(c => IdAlphabet.Contains(c, StringComparison.Ordinal)) && secret.Length <= 128;
    }

    /// <summary>Whether <paramref name="secret"/> hashes to <paramref name="hash"/>, in constant time.</summary>
    public static bool Matches(string secret, byte[] hash) => CryptographicOperations.FixedTimeEquals(Hash(secret), hash);
}
