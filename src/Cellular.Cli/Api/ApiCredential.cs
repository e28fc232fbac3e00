namespace Cellular.Cli.Api;

/// <summary>
/// The key <see cref="ControlPlaneClient"/> sends as <c>Authorization: Bearer …</c>, and where it
/// came from (so a refusal can say which key was refused). A key read from a file is read when
/// first needed, not when the credential is made: <c>cellctl up</c>'s control plane writes
/// <c>admin-token</c> only once it has started.
/// </summary>
public sealed class ApiCredential
{
    private readonly string? _token;
    private readonly string? _file;
    private volatile string? _fromFile;

    private ApiCredential(string? token, string? file, string source)
    {
        _token = token;
        _file = file;
        Source = source;
    }

    /// <summary>No key at all: requests go out without <c>Authorization</c>.</summary>
    public static ApiCredential None { get; } = new(null, null, "no key");

    /// <summary>Where the key comes from, for messages: <c>--token</c>, <c>$CELLULAR_TOKEN</c> or the file's path.</summary>
    public string Source { get; }

    /// <summary>The file the key is read from; null when it is given directly.</summary>
    public string? File => _file;

    /// <summary>A key given as it is, e.g. by <c>--token</c>.</summary>
    /// <param name="token">The bearer token.</param>
    /// <param name="source">Where it came from, for messages.</param>
    public static ApiCredential FromToken(string token, string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        return new ApiCredential(token.Trim(), null, source);
    }

    /// <summary>A key kept in <paramref name="path"/> (e.g. <c>{data-dir}/admin-token</c>), read when first needed.</summary>
    public static ApiCredential FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        return new ApiCredential(null, full, full);
    }

    /// <summary>The token to send, or null when there is none (yet): no key given, or its file is missing, empty or unreadable.</summary>
    public string? GetToken()
    {
        if (_token is not null || _file is null)
        {
            return _token;
        }

        if (_fromFile is { } cached)
        {
            return cached;
        }

        try
        {
            var text = System.IO.File.ReadAllText(_file).Trim();
            if (text.Length == 0)
            {
                return null;
            }

            _fromFile = text;
            return text;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>For a refusal: which key was sent, or why none was.</summary>
    public string Describe()
    {
        if (_token is not null)
        {
            return $"the key from {Source}";
        }

        if (_file is null)
        {
            return "no key";
        }

        return GetToken() is null
            ? $"no key ({_file} does not exist or cannot be read)"
            : $"the key in {_file}";
    }
}
