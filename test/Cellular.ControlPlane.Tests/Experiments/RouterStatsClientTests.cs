using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Experiments;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Tests.Experiments;

public sealed class RouterStatsClientTests
{
    [Fact]
    public async Task ReadAsync_RouterTokenFile_SentAsBearerAndRereadWhenRotated()
    {
        await using var router = await FakeRouter.StartAsync();
        using var dir = new TempDirectory("router-token");
        var file = Path.Combine(dir.Path, "router-admin-token");
        await File.WriteAllTextAsync(file, "first-token\n");
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var client = new RouterStatsClient(
            services.GetRequiredService<IHttpClientFactory>(),
            Options.Create(new ControlPlaneOptions { Routers = [router.Url], RouterTokenFile = file }));
        var now = TimeProvider.System.GetUtcNow();

        await client.ReadAsync(now.AddSeconds(-5), now, CancellationToken.None);
        await File.WriteAllTextAsync(file, "second-token-longer\n");
        await client.ReadAsync(now.AddSeconds(-5), now, CancellationToken.None);

        Assert.Equal(["Bearer first-token", "Bearer second-token-longer"], router.Authorizations);
    }

    [Fact]
    public async Task ReadAsync_NoRouterToken_SendsNoAuthorization()
    {
        await using var router = await FakeRouter.StartAsync();
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var client = new RouterStatsClient(services.GetRequiredService<IHttpClientFactory>(), Options.Create(new ControlPlaneOptions { Routers = [router.Url] }));
        var now = TimeProvider.System.GetUtcNow();

        await client.ReadAsync(now.AddSeconds(-5), now, CancellationToken.None);

        Assert.Equal([""], router.Authorizations);
    }
}
