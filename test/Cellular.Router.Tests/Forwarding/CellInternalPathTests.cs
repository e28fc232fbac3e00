using Cellular.Router.Forwarding;
using Cellular.Router.Tests.Infrastructure;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Forwarding;

/// <summary>No path reaches a cell's internal API (<c>/_cell</c>) through the router, whatever its spelling.</summary>
public sealed class CellInternalPathTests : IAsyncLifetime
{
    private BackendServer _cell = null!;
    private RouterHost _router = null!;

    /// <summary>Request targets as sent on the wire, with the tenant from the header unless the path names it.</summary>
    public static TheoryData<string, string> EvilPaths => new()
    {
        { "GET", "/_cell/info" },
        { "POST", "/_cell/faults" },
        { "DELETE", "/_cell/tenants/acme" },
        { "GET", "/_cell/tenants/acme/export" },
        { "GET", "/_cell" },
        { "GET", "/_cell/" },
        { "GET", "/_CELL/info" },
        { "GET", "/_Cell/tenants/acme/export" },
        { "GET", "/%5Fcell/info" },
        { "GET", "/%5fcell/info" },
        { "GET", "/%5F%63%65%6C%6C/info" },
        { "GET", "/%5F%43%45%4c%4C/info" },
        { "GET", "/%255Fcell/info" },
        { "GET", "/%25255Fcell/info" },
        { "GET", "/_cell%2Finfo" },
        { "GET", "/_cell%2finfo" },
        { "GET", "/%2F_cell/info" },
        { "GET", "//_cell/info" },
        { "GET", "///_cell/info" },
        { "GET", "/./_cell/info" },
        { "GET", "/%2E/_cell/info" },
        { "GET", "/x/../_cell/info" },
        { "GET", "/x/%2E%2E/_cell/info" },
        { "GET", "/x/%2e%2e%2F_cell/info" },
        { "GET", "/x%2F..%2F_cell/info" },
        { "GET", "/%5C_cell/info" },
        { "GET", "/x/..%5C_cell/info" },
        { "GET", "/_cell./info" },
        { "GET", "/t/acme/_cell/info" },
        { "POST", "/t/acme/_cell/faults" },
        { "GET", "/t/acme/_CELL/info" },
        { "GET", "/t/acme/%5Fcell/info" },
        { "GET", "/t/acme//_cell/info" },
        { "GET", "/t/acme/./_cell/info" },
        { "GET", "/t/acme/x/../_cell/info" },
        { "GET", "/t/acme/%2E%2E/acme/_cell/info" },
        { "GET", "/t/acme%2F_cell/info" },
        { "GET", "/T/acme/_cell/info" },
        { "GET", "/%74/acme/_cell/info" },
        { "GET", "http://localhost/_cell/info" },
    };

    public async Task InitializeAsync()
    {
        _cell = await BackendServer.StartAsync("c1");
        _router = await RouterHost.StartAsync();
        _router.Apply(OneTenant(1, _cell.Url));
    }

    public async Task DisposeAsync()
    {
        await _router.DisposeAsync();
        await _cell.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(EvilPaths))]
    public async Task Forward_PathReachingCellInternals_RefusedAndNothingForwarded(string method, string target)
    {
        var (status, response) = await RawHttp.SendAsync(_router.Url, method, target, "X-Tenant-Id: acme", "Content-Length: 0");

        // 404 problem+json from the router, or 400 from Kestrel for a request line it will not parse: never the cell.
        Assert.True(status is 404 or 400, $"{method} {target} answered {status}:\n{response}");
        if (status == 404)
        {
            Assert.Contains("application/problem+json", response, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Empty(_cell.Requests);
    }

    [Theory]
    [InlineData("/notes")]
    [InlineData("/t/acme/notes")]
    [InlineData("/cells/_cellar")]
    [InlineData("/_cellar/x")]
    [InlineData("/notes/_cell")]
    [InlineData("/a%20b")]
    public async Task Forward_OrdinaryPath_Forwarded(string target)
    {
        var (status, response) = await RawHttp.SendAsync(_router.Url, "GET", target, "X-Tenant-Id: acme");

        Assert.True(status == 200, response);
        Assert.Single(_cell.Requests);
    }

    [Theory]
    [InlineData("/_cell/x", true)]
    [InlineData("/%5fCeLl", true)]
    [InlineData("/t/x/%255F%2563ell/y", true)]
    [InlineData("/notes", false)]
    [InlineData("/t/x/notes/_cell", false)]
    [InlineData("", false)]
    public void IsCellInternal_Spellings(string path, bool expected) =>
        Assert.Equal(expected, CellInternalPaths.IsCellInternal(path));
}
