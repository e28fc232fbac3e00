using System.Text;
using Cellular.Router.Forwarding.Lean;

namespace Cellular.Router.Tests.Forwarding.Lean;

public sealed class HeaderValueCacheTests
{
    [Fact]
    public void Get_SameBytesAtTheSamePosition_SameString()
    {
        var cache = new HeaderValueCache();

        var first = cache.Get(2, "nginx/1.22.1"u8);
        var again = cache.Get(2, "nginx/1.22.1"u8);

        Assert.Equal("nginx/1.22.1", first);
        Assert.Same(first, again);
    }

    [Fact]
    public void Get_ChangedBytesOrOtherPosition_NewStringWithTheNewValue()
    {
        var cache = new HeaderValueCache();
        var before = cache.Get(0, "Tue, 08 Dec 2026 01:00:00 GMT"u8);

        var after = cache.Get(0, "Tue, 08 Dec 2026 01:00:01 GMT"u8);
        var shorter = cache.Get(0, "Tue, 08 Dec 2026"u8);
        var elsewhere = cache.Get(1, "Tue, 08 Dec 2026"u8);

        Assert.Equal("Tue, 08 Dec 2026 01:00:00 GMT", before);
        Assert.Equal("Tue, 08 Dec 2026 01:00:01 GMT", after);
        Assert.Equal("Tue, 08 Dec 2026", shorter);
        Assert.Equal("Tue, 08 Dec 2026", elsewhere);
        Assert.NotSame(shorter, elsewhere);
    }

    [Fact]
    public void Get_LongValuesAndFarPositions_DecodedEveryTimeNotKept()
    {
        var cache = new HeaderValueCache();
        var longValue = Encoding.Latin1.GetBytes(new string('v', 200));

        var a = cache.Get(0, longValue);
        var b = cache.Get(0, longValue);
        var far1 = cache.Get(40, "xyz"u8);
        var far2 = cache.Get(40, "xyz"u8);

        Assert.Equal(new string('v', 200), a);
        Assert.NotSame(a, b);
        Assert.Equal("xyz", far1);
        Assert.NotSame(far1, far2);
    }

    [Fact]
    public void Get_Latin1Bytes_KeptAsLatin1()
    {
        var cache = new HeaderValueCache();

        Assert.Equal("caf\u00e9", cache.Get(0, [(byte)'c', (byte)'a', (byte)'f', 0xE9]));
    }
}
