using System.IO.Hashing;
using Cellular.Core.Routing;

namespace Cellular.Core.Tests.Routing;

public sealed class StableHashTests
{
    [Theory]
    [InlineData("acme")]
    [InlineData("tenant-00000042")]
    [InlineData("a.B_c-9")]
    public void Hash_AsciiKey_IsXxHash3OfItsBytes(string key)
    {
        Assert.Equal(XxHash3.HashToUInt64(System.Text.Encoding.ASCII.GetBytes(key)), StableHash.Hash(key));
    }

    [Fact]
    public void Hash_NonAsciiKey_KeepsLowByteOfEachChar()
    {
        // Not a valid id, but the hash of such a key must not change either.
        Assert.Equal(XxHash3.HashToUInt64("xaby"u8), StableHash.Hash("x\u0161b\u0179"));
    }

    [Fact]
    public void Hash_KeyLongerThanStackBuffer_SameAsBytes()
    {
        var key = new string('k', 300);

        Assert.Equal(XxHash3.HashToUInt64(System.Text.Encoding.ASCII.GetBytes(key)), StableHash.Hash(key));
    }
}
