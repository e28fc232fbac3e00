using System.Net;
using Cellular.Core;
using Cellular.Core.Security;
using Cellular.Router.Tests.Infrastructure;
using static Cellular.Router.Tests.Infrastructure.Snapshots;

namespace Cellular.Router.Tests.Security;

/// <summary>Router → cell trust: the signed tenant assertion, its keys from the control plane, and the router's own credential.</summary>
public sealed class TenantAssertionForwardingTests : IAsyncLifetime
{
    private BackendServer _cell = null!;
    private FakeControlPlane _controlPlane = null!;

    public async Task InitializeAsync()
    {
        _cell = await BackendServer.StartAsync("c1");
        _controlPlane = await FakeControlPlane.StartAsync(OneTenant(3, _cell.Url, epoch: 7));
    }

    public async Task DisposeAsync()
    {
        await _controlPlane.DisposeAsync();
        await _cell.DisposeAsync();
    }

    [Fact]
    public async Task Forward_KeysFromControlPlane_CellGetsValidAssertionForItselfWithTenantAndEpoch()
    {
        await using var router = await StartRouterAsync();
        await router.WaitForVersionAsync(3);

        using var request = Http.Get("/notes", "acme");
        request.Headers.Add(CellularHeaders.TenantAssertion, "ta1:1:c1:acme:7:99999999999999:forged:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        using var response = await router.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains(CellularHeaders.TenantAssertion));
        var seen = Assert.Single(_cell.Requests);
        var header = seen.Header(CellularHeaders.TenantAssertion);
        Assert.Null(TestKeys.Check(header, "c1", "acme", "7", TimeProvider.System.GetUtcNow()));
        Assert.True(TenantAssertion.TryParseUnverified(header, out var assertion));
        Assert.Equal(1, assertion.Generation);
        Assert.Equal(16, assertion.Id.Length);
        Assert.NotEqual("forged", assertion.Id);
        var lifetime = assertion.ExpiresAt - TimeProvider.System.GetUtcNow();
        Assert.InRange(lifetime, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(61));
        Assert.Equal(0, _controlPlane.Unauthorized);
        Assert.True(_controlPlane.KeyRequests > 0);
    }

    [Fact]
    public async Task Forward_TwoRequests_AssertionIdsDiffer()
    {
        await using var router = await StartRouterAsync();
        await router.WaitForVersionAsync(3);

        (await router.Client.SendAsync(Http.Get("/a", "acme"))).EnsureSuccessStatusCode();
        (await router.Client.SendAsync(Http.Get("/b", "acme"))).EnsureSuccessStatusCode();

        var ids = _cell.Requests.Select(r => TenantAssertion.TryParseUnverified(r.Header(CellularHeaders.TenantAssertion), out var a) ? a.Id : null).ToList();
        Assert.Equal(2, ids.Distinct().Count());
    }

    [Fact]
    public async Task Forward_KeysRotated_NewGenerationSignedWithoutRestart()
    {
        await using var router = await StartRouterAsync(new() { ["Assertions:KeyRefreshInterval"] = "00:00:01" });
        await router.WaitForVersionAsync(3);
        (await router.Client.SendAsync(Http.Get("/before", "acme"))).EnsureSuccessStatusCode();

        _controlPlane.KeyGeneration = 2;
        await RouterHost.WaitUntilAsync(() => Task.FromResult(router.Keys.Generation == 2));
        (await router.Client.SendAsync(Http.Get("/after", "acme"))).EnsureSuccessStatusCode();

        var after = _cell.Requests.Single(r => r.Path == "/after").Header(CellularHeaders.TenantAssertion);
        Assert.True(TenantAssertion.TryParseUnverified(after, out var assertion));
        Assert.Equal(2, assertion.Generation);
        Assert.True(TenantAssertion.VerifySignature(after!, TestKeys.AssertionKey("c1", 2)));
        Assert.False(TenantAssertion.VerifySignature(after!, TestKeys.AssertionKey("c1", 1)));
    }

    [Fact]
    public async Task Forward_NewCellInTable_KeysFetchedAtOnceNotAtNextRefresh()
    {
        await using var other = await BackendServer.StartAsync("c2");
        await using var router = await StartRouterAsync(new() { ["Assertions:KeyRefreshInterval"] = "01:00:00" });
        await router.WaitForVersionAsync(3);

        _controlPlane.Publish(Create(4, [Cell("c1", _cell.Url), Cell("c2", other.Url)], [Tenant("acme", "c1"), Tenant("globex", "c2", epoch: 2)]));
        await router.WaitForVersionAsync(4);
        using var response = await router.Client.SendAsync(Http.Get("/x", "globex"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(TestKeys.Check(Assert.Single(other.Requests).Header(CellularHeaders.TenantAssertion), "c2", "globex", "2", TimeProvider.System.GetUtcNow()));
    }

    [Fact]
    public async Task Forward_NoKeyForCell_503ProblemAndNothingForwarded()
    {
        _controlPlane.KeysDown = true;
        await using var router = await StartRouterAsync();
        await router.WaitForVersionAsync(3);

        using var response = await router.Client.SendAsync(Http.Get("/notes", "acme"));

        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains("no signing key for cell c1", problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_cell.Requests);
    }

    [Fact]
    public async Task Forward_KeysKeptOnDisk_RestartedRouterSignsWithControlPlaneDown()
    {
        var directory = RouterHost.NewDirectory();
        try
        {
            await using (var first = await StartRouterAsync(directory: directory))
            {
                await first.WaitForVersionAsync(3);
                await first.WaitForDiskVersionAsync(3);
                await RouterHost.WaitUntilAsync(() => Task.FromResult(File.Exists(Path.Combine(Path.GetDirectoryName(first.TableFile)!, "assertion-keys.json"))));
            }

            await using var second = await RouterHost.StartAsync(new Dictionary<string, string?>(), directory, installKeys: false);
            using var response = await second.Client.SendAsync(Http.Get("/notes", "acme"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (!OperatingSystem.IsWindows())
            {
                var mode = File.GetUnixFileMode(Path.Combine(Path.GetDirectoryName(second.TableFile)!, "assertion-keys.json"));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
            }
        }
        finally
        {
            RouterHost.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task Sync_WrongRouterToken_ControlPlaneRefusesAndNothingApplied()
    {
        await using var router = await StartRouterAsync(new() { ["ControlPlaneToken"] = "cel_wrong" });

        await RouterHost.WaitUntilAsync(() => Task.FromResult(_controlPlane.Unauthorized >= 2));

        Assert.Equal(0, router.Holder.State.Table.Version);
        Assert.Equal(0, router.Keys.Generation);
        Assert.Contains("401", (await router.HealthAsync()).LastError);
    }

    [Fact]
    public async Task Sync_TokenFile_ReadAndReadAgainWhenItChanges()
    {
        var directory = RouterHost.NewDirectory();
        try
        {
            var file = Path.Combine(directory, "router-token");
            await File.WriteAllTextAsync(file, "cel_not_yet\n");
            await using var router = await StartRouterAsync(new() { ["ControlPlaneToken"] = null, ["ControlPlaneTokenFile"] = file });
            await RouterHost.WaitUntilAsync(() => Task.FromResult(_controlPlane.Unauthorized >= 1));
            Assert.Equal(0, router.Holder.State.Table.Version);

            await File.WriteAllTextAsync(file, FakeControlPlane.RouterToken + "\n");

            await router.WaitForVersionAsync(3, TimeSpan.FromSeconds(30));
            using var response = await router.Client.SendAsync(Http.Get("/notes", "acme"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            RouterHost.DeleteDirectory(directory);
        }
    }

    private Task<RouterHost> StartRouterAsync(Dictionary<string, string?>? settings = null, string? directory = null)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["ControlPlaneUrl"] = _controlPlane.Url };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return RouterHost.StartAsync(all, directory, installKeys: false);
    }
}
