using Cellular.Core;
using Cellular.Core.Model;
using Microsoft.Extensions.Options;

namespace Cellular.Router.Extraction;

/// <summary>
/// Finds the tenant key of a request in the configured sources, in order. The first source that
/// carries a key decides: a valid key is used, an invalid one is refused (it does not fall through
/// to the next source). Works on spans of strings the request already holds.
/// </summary>
internal sealed class TenantKeyExtractor
{
    private const string PathPrefix = "/t/";

    private readonly TenantKeySource[] _sources;
    private readonly string? _domain;

    /// <summary>Creates the extractor from validated options.</summary>
    public TenantKeyExtractor(IOptions<RouterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        if (!TenantKeySourceList.TryParse(value.TenantKeySources, out var sources, out var error))
        {
            throw new OptionsValidationException(RouterOptions.SectionName, typeof(RouterOptions), [error!]);
        }

        _domain = string.IsNullOrEmpty(value.Domain) ? null : value.Domain.TrimStart('.');
        _sources = _domain is null ? Array.FindAll(sources, s => s != TenantKeySource.Subdomain) : sources;
        MissingKeyDetail = DescribeSources(_sources, _domain);
    }

    /// <summary>The sources in the order they are tried (sub-domain left out when no domain is set).</summary>
    public IReadOnlyList<TenantKeySource> Sources => _sources;

    /// <summary>The problem detail for a request that carries no key: says where a key may be given.</summary>
    public string MissingKeyDetail { get; }

    /// <summary>Looks for the tenant key of <paramref name="request"/>.</summary>
    public TenantKey Extract(HttpRequest request)
    {
        foreach (var source in _sources)
        {
            var key = source switch
            {
                TenantKeySource.Header => FromHeader(request),
                TenantKeySource.Path => FromPath(request),
                _ => FromHost(request, _domain!),
            };

            if (key.Status != TenantKeyStatus.Missing)
            {
                return key;
            }
        }

        return TenantKey.Missing;
    }

    /// <summary>The problem detail for a key that was found but refused.</summary>
    public static string DescribeInvalid(TenantKey key)
    {
        var where = key.Source switch
        {
            TenantKeySource.Header => $"the {CellularHeaders.TenantId} header",
            TenantKeySource.Path => "the /t/{tenant}/ path prefix",
            _ => "the sub-domain",
        };

        if (key.Status == TenantKeyStatus.Ambiguous)
        {
            return $"The request carries more than one {CellularHeaders.TenantId} header; send exactly one.";
        }

        return $"The tenant key in {where} is not valid. {Ids.DescribeInvalidTenantId(key.ToString())}";
    }

    private static TenantKey FromHeader(HttpRequest request)
    {
        var values = request.Headers[CellularHeaders.TenantId];
        if (values.Count == 0)
        {
            return TenantKey.Missing;
        }

        if (values.Count > 1)
        {
            return TenantKey.Ambiguous(TenantKeySource.Header);
        }

        var value = values[0] ?? string.Empty;
        return TenantKey.Create(Ids.IsValidTenantId(value), TenantKeySource.Header, value, 0, value.Length);
    }

    private static TenantKey FromPath(HttpRequest request)
    {
        var path = request.Path.Value;
        if (path is null || !path.StartsWith(PathPrefix, StringComparison.Ordinal))
        {
            return TenantKey.Missing;
        }

        var end = path.IndexOf('/', PathPrefix.Length);
        if (end < 0)
        {
            end = path.Length;
        }

        var span = path.AsSpan(PathPrefix.Length, end - PathPrefix.Length);
        return TenantKey.Create(Ids.IsValidTenantId(span), TenantKeySource.Path, path, PathPrefix.Length, span.Length, end);
    }

    private static TenantKey FromHost(HttpRequest request, string domain)
    {
        var host = request.Headers.Host.Count == 1 ? request.Headers.Host[0] : null;
        if (string.IsNullOrEmpty(host) || host[0] == '[')
        {
            // No host, or an IPv6 literal: there is no sub-domain.
            return TenantKey.Missing;
        }

        var name = host.AsSpan();
        var colon = name.LastIndexOf(':');
        if (colon >= 0)
        {
            name = name[..colon];
        }

        if (name.Length > 0 && name[^1] == '.')
        {
            name = name[..^1]; // fully qualified form "acme.example.com."
        }

        var keyLength = name.Length - domain.Length - 1;
        if (keyLength < 0 || name[keyLength] != '.' || !name[(keyLength + 1)..].Equals(domain, StringComparison.OrdinalIgnoreCase))
        {
            return TenantKey.Missing;
        }

        return TenantKey.Create(Ids.IsValidTenantId(name[..keyLength]), TenantKeySource.Subdomain, host, 0, keyLength);
    }

    private static string DescribeSources(TenantKeySource[] sources, string? domain)
    {
        var ways = new List<string>(sources.Length);
        foreach (var source in sources)
        {
            ways.Add(source switch
            {
                TenantKeySource.Header => $"the {CellularHeaders.TenantId} header",
                TenantKeySource.Path => "a /t/{tenant}/ path prefix",
                _ => $"the sub-domain of {{tenant}}.{domain}",
            });
        }

        var list = ways.Count switch
        {
            1 => ways[0],
            _ => string.Join(", ", ways.Take(ways.Count - 1)) + " or " + ways[^1],
        };

        return $"The request carries no tenant key. Send it as {list}.";
    }
}
