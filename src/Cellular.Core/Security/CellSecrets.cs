using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Cellular.Core.Security;

/// <summary>
/// The key hierarchy of a Cellular fleet, so that no key has to be stored per cell:
/// the control plane's master key derives one secret per cell; a cell's secret derives the key
/// its tenant assertions are signed with (one per generation, so a leaked router key is retired
/// by rotating the generation) and the key the control plane's credential is signed with.
/// HMAC-SHA256 is one-way: a router holding assertion keys learns neither the cell secret nor the
/// control key, and a cell learns nothing about its neighbours' keys.
/// </summary>
public static class CellSecrets
{
    /// <summary>Bytes of every derived key.</summary>
    public const int KeySize = 32;

    /// <summary>The secret of cell <paramref name="cellId"/> under <paramref name="masterKey"/>.</summary>
    public static byte[] DeriveCellSecret(ReadOnlySpan<byte> masterKey, string cellId)
    {
        ArgumentException.ThrowIfNullOrEmpty(cellId);
        if (masterKey.Length < 16)
        {
            throw new ArgumentException("The master key must be at least 16 bytes.", nameof(masterKey));
        }

        return HMACSHA256.HashData(masterKey, Encoding.UTF8.GetBytes("cellular/cell-secret/v1/" + cellId));
    }

    /// <summary>The key a router signs tenant assertions for this cell with, in <paramref name="generation"/>.</summary>
    public static byte[] DeriveAssertionKey(ReadOnlySpan<byte> cellSecret, long generation)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(generation);
        return HMACSHA256.HashData(cellSecret, Encoding.UTF8.GetBytes("cellular/tenant-assertion/v1/" + generation.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The key the control plane signs its credential for this cell with.</summary>
    public static byte[] DeriveControlKey(ReadOnlySpan<byte> cellSecret) =>
        HMACSHA256.HashData(cellSecret, "cellular/control-credential/v1"u8);

    /// <summary>A cell secret as it travels in configuration and environment variables.</summary>
    public static string Encode(ReadOnlySpan<byte> secret) => Base64Url.EncodeToString(secret);

    /// <summary>Reads a secret written by <see cref="Encode"/>; false when it is not base64url of at least 16 bytes.</summary>
    public static bool TryDecode(string? text, out byte[] secret)
    {
        secret = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        try
        {
            secret = Base64Url.DecodeFromChars(text.Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        return secret.Length >= 16;
    }
}
