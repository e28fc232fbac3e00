using Cellular.Router.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.Router.Tests.Hosting;

public sealed class RouterOptionsValidatorTests
{
    private static string? Validate(RouterOptions options) => new RouterOptionsValidator().Validate(null, options).FailureMessage;

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.Null(Validate(new RouterOptions()));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1:5081")]
    [InlineData("/relative")]
    [InlineData("")]
    public void Validate_BadControlPlaneUrl_SaysWhich(string url)
    {
        var message = Validate(new RouterOptions { ControlPlaneUrl = url });

        Assert.Contains("Cellular:Router:ControlPlaneUrl", message);
    }

    [Fact]
    public void Validate_ControlPlaneUrlsWithABadEntry_NamesTheListAndTheEntry()
    {
        var message = Validate(new RouterOptions { ControlPlaneUrls = ["http://127.0.0.1:5081", "ftp://127.0.0.1:5082"] });

        Assert.Contains("Cellular:Router:ControlPlaneUrls 'ftp://127.0.0.1:5082' is not an absolute http(s) URL", message);
    }

    [Fact]
    public void Validate_ControlPlaneUrlsNamingAReplicaTwice_IsRefused()
    {
        var message = Validate(new RouterOptions { ControlPlaneUrls = ["http://127.0.0.1:5081", "http://127.0.0.1:5081/"] });

        Assert.Contains("names a control plane twice", message);
    }

    [Fact]
    public void ResolveControlPlaneUrls_ListOrCommaSeparatedOrSingle_GivesTheReplicasInOrder()
    {
        Assert.Equal(["http://a:1", "http://b:2", "http://c:3"], new RouterOptions { ControlPlaneUrls = ["http://a:1, http://b:2", "http://c:3"] }.ResolveControlPlaneUrls());
        Assert.Equal(["http://only:9"], new RouterOptions { ControlPlaneUrl = "http://only:9" }.ResolveControlPlaneUrls());
        Assert.Null(Validate(new RouterOptions { ControlPlaneUrls = ["http://127.0.0.1:5081", "http://127.0.0.1:5082"] }));
    }

    [Theory]
    [InlineData("Header,Jwt", "unknown tenant key source 'Jwt'")]
    [InlineData("Header,1", "unknown tenant key source '1'")]
    [InlineData("Header,header", "lists 'Header' twice")]
    [InlineData(" , ", "is empty")]
    public void Validate_BadKeySources_SaysWhy(string sources, string expected)
    {
        var message = Validate(new RouterOptions { TenantKeySources = sources });

        Assert.Contains(expected, message);
    }

    [Fact]
    public void Validate_OnlySubdomainWithoutDomain_Fails()
    {
        var message = Validate(new RouterOptions { TenantKeySources = "Subdomain" });

        Assert.Contains("needs Cellular:Router:Domain", message);
    }

    [Theory]
    [InlineData("example.com:80")]
    [InlineData("http://example.com")]
    [InlineData("exa mple.com")]
    public void Validate_BadDomain_Fails(string domain)
    {
        Assert.Contains("Cellular:Router:Domain", Validate(new RouterOptions { Domain = domain }));
    }

    [Fact]
    public void Validate_LongPollWaitOverSixtySeconds_Fails()
    {
        Assert.Contains("LongPollWait", Validate(new RouterOptions { LongPollWait = TimeSpan.FromMinutes(2) }));
    }

    [Fact]
    public void Validate_NonPositiveTimeouts_Fail()
    {
        var message = Validate(new RouterOptions { StaleAfter = TimeSpan.Zero, UpstreamTimeout = TimeSpan.FromSeconds(-1), ConnectTimeout = TimeSpan.Zero, RetryAfterSeconds = 0 });

        Assert.Contains("StaleAfter", message);
        Assert.Contains("UpstreamTimeout", message);
        Assert.Contains("ConnectTimeout", message);
        Assert.Contains("RetryAfterSeconds", message);
    }

    [Fact]
    public void Validate_BadContainmentLimits_EachNamed()
    {
        var options = new RouterOptions
        {
            CellConcurrencyLimit = 0,
            TenantRateLimit = new TenantRateLimitOptions { PermitsPerSecondPerWeight = 0, BurstSeconds = -1, TrackedTenants = 10 },
            CircuitBreaker = new CircuitBreakerOptions { ConsecutiveFailures = 0, FailureRatio = 1.5, MinimumThroughput = 0, SamplingDuration = TimeSpan.Zero, BreakDuration = TimeSpan.Zero },
            StatsRetention = TimeSpan.FromSeconds(1),
        };

        var message = Validate(options);

        foreach (var key in new[]
        {
            "Cellular:Router:CellConcurrencyLimit is 0",
            "TenantRateLimit:PermitsPerSecondPerWeight is 0",
            "TenantRateLimit:BurstSeconds is -1",
            "TenantRateLimit:TrackedTenants is 10; it must be between 64 and 16777216",
            "CircuitBreaker:ConsecutiveFailures is 0",
            "CircuitBreaker:FailureRatio is 1.5",
            "CircuitBreaker:MinimumThroughput is 0",
            "CircuitBreaker:SamplingDuration",
            "CircuitBreaker:BreakDuration",
            "StatsRetention",
        })
        {
            Assert.Contains(key, message);
        }
    }

    [Fact]
    public void Validate_BadCellOverride_NamesCellAndSetting()
    {
        var options = new RouterOptions();
        options.Cells["c1"] = new CellLimitOptions { UpstreamTimeout = TimeSpan.Zero, ConcurrencyLimit = -3 };
        options.Cells["Not A Cell"] = new CellLimitOptions();

        var message = Validate(options);

        Assert.Contains("Cellular:Router:Cells:c1:UpstreamTimeout", message);
        Assert.Contains("Cellular:Router:Cells:c1:ConcurrencyLimit is -3", message);
        Assert.Contains("Cellular:Router:Cells:Not A Cell does not name a valid cell", message);
    }

    [Fact]
    public void Validate_BadCutover_EachNamed()
    {
        var options = new RouterOptions
        {
            Cutover = new CutoverOptions { HoldTimeout = TimeSpan.FromMinutes(2), MaxHeldRequests = -1, MaxBufferedBodyBytes = 100 * 1024 * 1024 },
        };

        var message = Validate(options);

        Assert.Contains("Cellular:Router:Cutover:HoldTimeout is 00:02:00", message);
        Assert.Contains("Cellular:Router:Cutover:MaxHeldRequests is -1", message);
        Assert.Contains("Cellular:Router:Cutover:MaxBufferedBodyBytes is 104857600", message);
    }

    [Fact]
    public void Validate_BadForwarding_EachNamed()
    {
        var options = new RouterOptions
        {
            Forwarding = new ForwardingOptions { MaxIdleConnectionsPerCell = 0, IdleTimeout = TimeSpan.FromHours(2), MaxResponseHeaderBytes = 100 },
        };

        var message = Validate(options);

        Assert.Contains("Cellular:Router:Forwarding:MaxIdleConnectionsPerCell is 0", message);
        Assert.Contains("Cellular:Router:Forwarding:IdleTimeout is 02:00:00", message);
        Assert.Contains("Cellular:Router:Forwarding:MaxResponseHeaderBytes is 100", message);
        Assert.Contains("Cellular:Router:Forwarding is missing", Validate(new RouterOptions { Forwarding = null! }));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65)]
    public void Validate_BadIoThreads_Named(int threads)
    {
        var message = Validate(new RouterOptions { Io = new IoOptions { Threads = threads } });

        Assert.Contains($"Cellular:Router:Io:Threads is {threads}", message);
        Assert.Contains("Cellular:Router:Io is missing", Validate(new RouterOptions { Io = null! }));
    }

    [Fact]
    public void Validate_CutoverZeroes_AllowedAsOff()
    {
        Assert.Null(Validate(new RouterOptions { Cutover = new CutoverOptions { HoldTimeout = TimeSpan.Zero, MaxHeldRequests = 0, MaxBufferedBodyBytes = 0 } }));
    }

    [Fact]
    public async Task StartAsync_CutoverFromConfiguration_Bound()
    {
        await using var router = await Infrastructure.RouterHost.StartAsync(new Dictionary<string, string?>
        {
            ["Cutover:HoldTimeout"] = "00:00:01.5",
            ["Cutover:MaxHeldRequests"] = "7",
            ["Cutover:MaxBufferedBodyBytes"] = "2048",
        });

        var cutover = router.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RouterOptions>>().Value.Cutover;

        Assert.Equal(TimeSpan.FromSeconds(1.5), cutover.HoldTimeout);
        Assert.Equal(7, cutover.MaxHeldRequests);
        Assert.Equal(2048, cutover.MaxBufferedBodyBytes);
    }

    [Fact]
    public async Task StartAsync_CellOverrideFromConfiguration_Bound()
    {
        await using var router = await Infrastructure.RouterHost.StartAsync(new Dictionary<string, string?> { ["Cells:c7:UpstreamTimeout"] = "00:00:03" });

        var options = router.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RouterOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(3), options.Cells["c7"].UpstreamTimeout);
        Assert.Null(options.Cells["c7"].ConcurrencyLimit);
    }

    [Fact]
    public async Task StartAsync_InvalidOptions_RouterRefusesToStart()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            Infrastructure.RouterHost.StartAsync(new Dictionary<string, string?> { ["TenantKeySources"] = "Header,Cookie" }));

        Assert.Contains("unknown tenant key source 'Cookie'", error.Message);
    }
}
