using BenchmarkDotNet.Attributes;
using Cellular.Core;
using Cellular.Router;
using Cellular.Router.Extraction;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cellular.Benchmarks.TenantKeys;

/// <summary>
/// <see cref="TenantKeyExtractor.Extract"/>, the router's first step on every request
/// (<c>CellForwarder.InvokeAsync</c>), per key source. The extractor is configured as the router
/// ships it (<c>Header,Path,Subdomain</c>, here with <c>Domain = example.com</c>), so a path key
/// first misses the header and a sub-domain key misses the header and the path; the
/// <c>*Only</c> cases use a single-source extractor to show what the misses cost. Requests are
/// <see cref="DefaultHttpContext"/>s built once: their headers are a <c>HeaderDictionary</c>,
/// not Kestrel's header collection, so the header lookups are close to but not exactly the
/// server's. Each result reads the key span, as the lookup that follows does.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet derives from benchmark classes.</remarks>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class TenantKeyExtractionBenchmarks
{
    private const string Tenant = "tenant-00000042";

    private TenantKeyExtractor? _chain;
    private TenantKeyExtractor? _pathOnly;
    private TenantKeyExtractor? _subdomainOnly;
    private HttpRequest? _header;
    private HttpRequest? _path;
    private HttpRequest? _subdomain;
    private HttpRequest? _invalid;
    private HttpRequest? _missing;

    [GlobalSetup]
    public void Setup()
    {
        _chain = Extractor("Header,Path,Subdomain");
        _pathOnly = Extractor("Path");
        _subdomainOnly = Extractor("Subdomain");

        _header = Request("router.internal:8080", "/api/notes/17", (CellularHeaders.TenantId, Tenant));
        _path = Request("router.internal:8080", $"/t/{Tenant}/api/notes/17");
        _subdomain = Request($"{Tenant}.example.com", "/api/notes/17");

        // A header key with characters outside [A-Za-z0-9._-]: found, refused with 400.
        _invalid = Request("router.internal:8080", "/api/notes/17", (CellularHeaders.TenantId, "tenant 42/../admin"));
        _missing = Request("router.internal:8080", "/api/notes/17");

        // The cases must hit the path they are named after.
        Expect(_chain.Extract(_header), TenantKeyStatus.Found, TenantKeySource.Header);
        Expect(_chain.Extract(_path), TenantKeyStatus.Found, TenantKeySource.Path);
        Expect(_chain.Extract(_subdomain), TenantKeyStatus.Found, TenantKeySource.Subdomain);
        Expect(_chain.Extract(_invalid), TenantKeyStatus.Invalid, TenantKeySource.Header);
        Expect(_chain.Extract(_missing), TenantKeyStatus.Missing, TenantKeySource.Header);
        Expect(_pathOnly.Extract(_path), TenantKeyStatus.Found, TenantKeySource.Path);
        Expect(_subdomainOnly.Extract(_subdomain), TenantKeyStatus.Found, TenantKeySource.Subdomain);
    }

    /// <summary><c>X-Tenant-Id: tenant-00000042</c>: the first source of the chain.</summary>
    [Benchmark(Baseline = true)]
    public int Header() => Use(_chain!.Extract(_header!));

    /// <summary><c>/t/tenant-00000042/api/notes/17</c>, after the header misses.</summary>
    [Benchmark]
    public int Path() => Use(_chain!.Extract(_path!));

    /// <summary><c>Host: tenant-00000042.example.com</c>, after the header and the path miss.</summary>
    [Benchmark]
    public int Subdomain() => Use(_chain!.Extract(_subdomain!));

    /// <summary>An invalid header key (refused with 400; the problem text is not built here).</summary>
    [Benchmark]
    public int InvalidHeader() => Use(_chain!.Extract(_invalid!));

    /// <summary>No key anywhere: every source misses (refused with 400).</summary>
    [Benchmark]
    public int Missing() => Use(_chain!.Extract(_missing!));

    /// <summary>The path key with only the path source configured.</summary>
    [Benchmark]
    public int PathOnly() => Use(_pathOnly!.Extract(_path!));

    /// <summary>The sub-domain key with only the sub-domain source configured.</summary>
    [Benchmark]
    public int SubdomainOnly() => Use(_subdomainOnly!.Extract(_subdomain!));

    private static int Use(TenantKey key) => (int)key.Status + key.Span.Length + key.PathPrefixLength;

    private static TenantKeyExtractor Extractor(string sources) =>
        new(Options.Create(new RouterOptions { TenantKeySources = sources, Domain = "example.com" }));

    private static HttpRequest Request(string host, string path, params (string Name, string Value)[] headers)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = HttpMethods.Get;
        request.Scheme = "http";
        request.Host = new HostString(host);
        request.Path = path;
        request.Headers.Accept = "application/json";
        request.Headers.UserAgent = "benchmark";
        foreach (var (name, value) in headers)
        {
            request.Headers[name] = value;
        }

        return request;
    }

    private static void Expect(TenantKey key, TenantKeyStatus status, TenantKeySource source)
    {
        if (key.Status != status || (status != TenantKeyStatus.Missing && key.Source != source))
        {
            throw new InvalidOperationException($"Expected {status} from {source}, got {key.Status} from {key.Source}.");
        }
    }
}
