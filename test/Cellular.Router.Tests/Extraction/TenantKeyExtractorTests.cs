using Cellular.Router.Extraction;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cellular.Router.Tests.Extraction;

public sealed class TenantKeyExtractorTests
{
    private static TenantKeyExtractor Create(string sources = "Header,Path,Subdomain", string? domain = "example.com") =>
        new(Options.Create(new RouterOptions { TenantKeySources = sources, Domain = domain }));

    private static HttpRequest Request(string path = "/", string? header = null, string? host = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        if (header is not null)
        {
            context.Request.Headers["X-Tenant-Id"] = header;
        }

        if (host is not null)
        {
            context.Request.Headers.Host = host;
        }

        return context.Request;
    }

    [Fact]
    public void Extract_Header_ReturnsKeyWithoutCopy()
    {
        var request = Request(header: "acme");

        var key = Create().Extract(request);

        Assert.Equal(TenantKeyStatus.Found, key.Status);
        Assert.Equal(TenantKeySource.Header, key.Source);
        Assert.Equal("acme", key.Span.ToString());
        Assert.Same(request.Headers["X-Tenant-Id"][0], key.ToString());
    }

    [Theory]
    [InlineData("/t/acme/notes", 7)]
    [InlineData("/t/acme", 7)]
    [InlineData("/t/acme/", 7)]
    [InlineData("/t/acme/notes/1/x", 7)]
    public void Extract_PathPrefix_ReturnsKeyAndPrefixLength(string path, int prefix)
    {
        var key = Create().Extract(Request(path));

        Assert.Equal(TenantKeyStatus.Found, key.Status);
        Assert.Equal(TenantKeySource.Path, key.Source);
        Assert.Equal("acme", key.ToString());
        Assert.Equal(prefix, key.PathPrefixLength);
    }

    [Theory]
    [InlineData("acme.example.com")]
    [InlineData("acme.example.com:8080")]
    [InlineData("acme.EXAMPLE.com")]
    [InlineData("acme.example.com.")]
    public void Extract_Subdomain_ReturnsKey(string host)
    {
        var key = Create().Extract(Request(host: host));

        Assert.Equal(TenantKeyStatus.Found, key.Status);
        Assert.Equal(TenantKeySource.Subdomain, key.Source);
        Assert.Equal("acme", key.ToString());
    }

    [Fact]
    public void Extract_SubdomainWithDots_KeyIsEverythingBeforeDomain()
    {
        var key = Create().Extract(Request(host: "eu.acme.example.com"));

        Assert.Equal("eu.acme", key.ToString());
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("acme.other.com")]
    [InlineData("acmeexample.com")]
    [InlineData("127.0.0.1:5080")]
    [InlineData("[::1]:5080")]
    public void Extract_HostNotUnderDomain_Missing(string host)
    {
        var key = Create().Extract(Request(host: host));

        Assert.Equal(TenantKeyStatus.Missing, key.Status);
    }

    [Fact]
    public void Extract_SubdomainWithoutDomainConfigured_IsNotTried()
    {
        var extractor = Create(domain: null);

        var key = extractor.Extract(Request(host: "acme.example.com"));

        Assert.Equal(TenantKeyStatus.Missing, key.Status);
        Assert.Equal([TenantKeySource.Header, TenantKeySource.Path], extractor.Sources);
        Assert.DoesNotContain("sub-domain", extractor.MissingKeyDetail);
    }

    [Fact]
    public void Extract_DefaultOrder_HeaderWinsOverPathAndHost()
    {
        var key = Create().Extract(Request("/t/from-path/x", header: "from-header", host: "from-host.example.com"));

        Assert.Equal("from-header", key.ToString());
    }

    [Fact]
    public void Extract_PathFirst_PathWinsOverHeader()
    {
        var key = Create("Path,Header").Extract(Request("/t/from-path/x", header: "from-header"));

        Assert.Equal(TenantKeySource.Path, key.Source);
        Assert.Equal("from-path", key.ToString());
    }

    [Fact]
    public void Extract_SubdomainFirst_HostWinsOverHeader()
    {
        var key = Create("Subdomain,Header").Extract(Request(header: "from-header", host: "from-host.example.com"));

        Assert.Equal("from-host", key.ToString());
    }

    [Fact]
    public void Extract_SourceNotConfigured_IsIgnored()
    {
        var key = Create("Header").Extract(Request("/t/acme/notes"));

        Assert.Equal(TenantKeyStatus.Missing, key.Status);
    }

    [Fact]
    public void Extract_FirstSourceInvalid_RefusedWithoutFallingThrough()
    {
        var key = Create().Extract(Request("/t/acme/notes", header: "bad key"));

        Assert.Equal(TenantKeyStatus.Invalid, key.Status);
        Assert.Equal(TenantKeySource.Header, key.Source);
    }

    [Theory]
    [InlineData("bad key")]
    [InlineData("a/b")]
    [InlineData("ä")]
    [InlineData("a,b")]
    [InlineData("")]
    public void Extract_IllegalHeaderValue_Invalid(string value)
    {
        var key = Create().Extract(Request(header: value));

        Assert.Equal(TenantKeyStatus.Invalid, key.Status);
        Assert.Contains("X-Tenant-Id header", TenantKeyExtractor.DescribeInvalid(key));
    }

    [Fact]
    public void Extract_OversizedKey_InvalidWithLengthInDetail()
    {
        var key = Create().Extract(Request(header: new string('a', 129)));

        Assert.Equal(TenantKeyStatus.Invalid, key.Status);
        Assert.Contains("129 characters", TenantKeyExtractor.DescribeInvalid(key));
    }

    [Fact]
    public void Extract_KeyOfMaxLength_Found()
    {
        var key = Create().Extract(Request(header: new string('a', 128)));

        Assert.Equal(TenantKeyStatus.Found, key.Status);
    }

    [Fact]
    public void Extract_TwoHeaderValues_Ambiguous()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["X-Tenant-Id"] = new Microsoft.Extensions.Primitives.StringValues(["a", "b"]);

        var key = Create().Extract(context.Request);

        Assert.Equal(TenantKeyStatus.Ambiguous, key.Status);
        Assert.Contains("more than one", TenantKeyExtractor.DescribeInvalid(key));
    }

    [Theory]
    [InlineData("/t//notes")]
    [InlineData("/t/")]
    [InlineData("/t/a%2Fb/notes")]
    [InlineData("/t/a b/notes")]
    public void Extract_BadPathSegment_Invalid(string path)
    {
        var key = Create().Extract(Request(path));

        Assert.Equal(TenantKeyStatus.Invalid, key.Status);
        Assert.Equal(TenantKeySource.Path, key.Source);
        Assert.Contains("path prefix", TenantKeyExtractor.DescribeInvalid(key));
    }

    [Theory]
    [InlineData("/t")]
    [InlineData("/tenants/acme")]
    [InlineData("/T/acme")]
    [InlineData("/notes")]
    public void Extract_PathWithoutPrefix_Missing(string path)
    {
        var key = Create().Extract(Request(path));

        Assert.Equal(TenantKeyStatus.Missing, key.Status);
    }

    [Fact]
    public void Extract_IllegalSubdomain_Invalid()
    {
        var key = Create().Extract(Request(host: "a_b!.example.com"));

        Assert.Equal(TenantKeyStatus.Invalid, key.Status);
        Assert.Contains("sub-domain", TenantKeyExtractor.DescribeInvalid(key));
    }

    [Fact]
    public void MissingKeyDetail_ListsConfiguredSourcesInOrder()
    {
        var detail = Create().MissingKeyDetail;

        Assert.Equal("The request carries no tenant key. Send it as the X-Tenant-Id header, a /t/{tenant}/ path prefix or the sub-domain of {tenant}.example.com.", detail);
    }
}
