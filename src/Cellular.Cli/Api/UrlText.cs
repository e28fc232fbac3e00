namespace Cellular.Cli.Api;

/// <summary>Formats base URLs the way people type them: no trailing slash.</summary>
public static class UrlText
{
    /// <summary>The URL without its trailing slash, e.g. <c>http://127.0.0.1:5081</c>.</summary>
    public static string Of(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.AbsoluteUri.TrimEnd('/');
    }

    /// <summary>The URL with exactly one trailing slash, so relative paths append to it.</summary>
    public static Uri AsBase(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
    }
}
