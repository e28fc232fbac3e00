namespace Cellular.Router.Extraction;

/// <summary>
/// A tenant key found in a request, as a slice of a string the request already holds
/// (header value, path, host), so looking it up allocates nothing.
/// </summary>
internal readonly struct TenantKey
{
    private readonly string? _text;
    private readonly int _start;
    private readonly int _length;

    private TenantKey(TenantKeyStatus status, TenantKeySource source, string? text, int start, int length, int pathPrefixLength)
    {
        Status = status;
        Source = source;
        _text = text;
        _start = start;
        _length = length;
        PathPrefixLength = pathPrefixLength;
    }

    /// <summary>The result when no source carried a key.</summary>
    public static TenantKey Missing => default;

    /// <summary>Whether a key was found and is valid.</summary>
    public TenantKeyStatus Status { get; }

    /// <summary>Where the key came from (meaningless when <see cref="Status"/> is <see cref="TenantKeyStatus.Missing"/>).</summary>
    public TenantKeySource Source { get; }

    /// <summary>For <see cref="TenantKeySource.Path"/>: how many leading characters of the path (<c>/t/{tenant}</c>) to drop before forwarding.</summary>
    public int PathPrefixLength { get; }

    /// <summary>The key's characters.</summary>
    public ReadOnlySpan<char> Span => _text.AsSpan(_start, _length);

    /// <summary>The key as a string when the request holds it as one (a whole header value); null when it is a slice of a longer string.</summary>
    public string? WholeText => _text is not null && _start == 0 && _length == _text.Length ? _text : null;

    /// <summary>A key found in <paramref name="text"/> at <paramref name="start"/>; valid or not.</summary>
    public static TenantKey Create(bool valid, TenantKeySource source, string text, int start, int length, int pathPrefixLength = 0) =>
        new(valid ? TenantKeyStatus.Found : TenantKeyStatus.Invalid, source, text, start, length, pathPrefixLength);

    /// <summary>The tenant of a verified token (already a valid tenant id).</summary>
    public static TenantKey FromToken(string tenant) => new(TenantKeyStatus.Found, TenantKeySource.Token, tenant, 0, tenant.Length, 0);

    /// <summary>A header source that carried several values.</summary>
    public static TenantKey Ambiguous(TenantKeySource source) => new(TenantKeyStatus.Ambiguous, source, null, 0, 0, 0);

    /// <summary>The key as a string; no copy when the key is the whole source string (the header case).</summary>
    public override string ToString()
    {
        if (_text is null)
        {
            return string.Empty;
        }

        return WholeText ?? _text.Substring(_start, _length);
    }
}
