using Cellular.Router.Security;

namespace Cellular.Router.Tests.Security;

public sealed class TenantTokenCacheTests
{
    [Fact]
    public void TryGet_AddedUntilExpiry_ThenGone()
    {
        var cache = new TenantTokenCache(8, 1);
        var hash = TenantTokenCache.Hash("token-a");
        cache.Add(hash, "acme", expiresUnixMs: 1_000);

        Assert.True(cache.TryGet(hash, 999, out var tenant));
        Assert.Equal("acme", tenant);
        Assert.False(cache.TryGet(hash, 1_000, out _));
    }

    [Fact]
    public void TryGet_OtherToken_Miss()
    {
        var cache = new TenantTokenCache(8, 1);
        cache.Add(TenantTokenCache.Hash("token-a"), "acme", long.MaxValue);

        Assert.False(cache.TryGet(TenantTokenCache.Hash("token-b"), 0, out _));
    }

    [Fact]
    public void Add_ManyMoreTokensThanSlots_StaysBoundedAndLastOneFound()
    {
        var cache = new TenantTokenCache(16, 1);
        TokenHash last = default;
        for (var i = 0; i < 10_000; i++)
        {
            last = TenantTokenCache.Hash("token-" + i);
            cache.Add(last, "t" + i, long.MaxValue);
        }

        Assert.True(cache.TryGet(last, 0, out var tenant));
        Assert.Equal("t9999", tenant);
    }

    [Fact]
    public void Cache_SizeZero_NeverHits()
    {
        var cache = new TenantTokenCache(0, 1);
        var hash = TenantTokenCache.Hash("token-a");
        cache.Add(hash, "acme", long.MaxValue);

        Assert.False(cache.TryGet(hash, 0, out _));
    }
}
