namespace Cellular.Core.Security;

/// <summary>
/// A bearer token given in configuration, either as a value or as a file, read again whenever the
/// file's size or write time changes, so a rotated token is used without a restart. Processes
/// share tokens through files (mode 0600) because a value on the command line is visible to
/// every user of the machine.
/// </summary>
public sealed class TokenSource
{
    private readonly string? _token;
    private readonly string? _file;
    private readonly Lock _lock = new();
    private (DateTime WrittenAt, long Length) _fileStamp;
    private string? _fileToken;

    /// <summary>Creates a source of <paramref name="token"/>, else of the content of <paramref name="file"/>; neither = no token.</summary>
    public TokenSource(string? token, string? file)
    {
        _token = string.IsNullOrWhiteSpace(token) ? null : token.Trim();
        _file = _token is not null || string.IsNullOrWhiteSpace(file) ? null : Path.GetFullPath(file);
    }

    /// <summary>True when a value or a file is configured.</summary>
    public bool IsConfigured => _token is not null || _file is not null;

    /// <summary>The token, or null when none is configured or the file cannot be read (yet).</summary>
    public string? GetToken()
    {
        if (_token is not null || _file is null)
        {
            return _token;
        }

        lock (_lock)
        {
            try
            {
                var info = new FileInfo(_file);
                if (!info.Exists)
                {
                    return _fileToken;
                }

                var stamp = (info.LastWriteTimeUtc, info.Length);
                if (stamp != _fileStamp || _fileToken is null)
                {
                    var text = File.ReadAllText(_file).Trim();
                    _fileToken = text.Length == 0 ? null : text;
                    _fileStamp = stamp;
                }
            }
            catch (IOException)
            {
                // Being rewritten: keep the token read last.
            }
            catch (UnauthorizedAccessException)
            {
            }

            return _fileToken;
        }
    }

    /// <summary>
    /// True when <paramref name="authorization"/> is <c>Bearer {the token}</c>; compared in constant
    /// time over SHA-256 digests, so neither the content nor the length of the token leaks.
    /// </summary>
    public bool Matches(string? authorization)
    {
        var expected = GetToken();
        if (expected is null || authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = authorization.AsSpan(7).Trim();
        Span<byte> a = stackalloc byte[32];
        Span<byte> b = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(given.ToString()), a);
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(expected), b);
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(a, b);
    }
}
