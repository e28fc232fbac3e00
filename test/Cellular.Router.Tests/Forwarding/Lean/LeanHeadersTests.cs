using System.Text;
using Cellular.Router.Forwarding.Lean;

namespace Cellular.Router.Tests.Forwarding.Lean;

public sealed class LeanHeadersTests
{
    [Theory]
    [InlineData("Connection")]
    [InlineData("transfer-encoding")]
    [InlineData("CONTENT-LENGTH")]
    [InlineData("Keep-Alive")]
    [InlineData("x-cellular-owner")]
    [InlineData("X-Cellular-Assertion")]
    [InlineData("x-cell-id")]
    [InlineData("X-Cell-Route")]
    public void IsSkippedResponse_HopByHopAndTheRoutersOwn_Skipped(string name)
    {
        Assert.True(LeanHeaders.IsSkippedResponse(Encoding.ASCII.GetBytes(name), out _));
    }

    [Theory]
    [InlineData("content-type", "Content-Type")]
    [InlineData("DATE", "Date")]
    [InlineData("Server", "Server")]
    [InlineData("set-cookie", "Set-Cookie")]
    public void IsSkippedResponse_KnownName_CopiedWithTheInternedName(string sent, string interned)
    {
        var skipped = LeanHeaders.IsSkippedResponse(Encoding.ASCII.GetBytes(sent), out var known);

        Assert.False(skipped);
        Assert.Same(string.Intern(interned), known);
    }

    [Theory]
    [InlineData("X-Request-Id")]
    [InlineData("Content-Typo")]
    [InlineData("X-A-Header-Name-Much-Longer-Than-Any-Name-The-Router-Knows-Of-At-All")]
    [InlineData("")]
    public void IsSkippedResponse_OtherName_CopiedWithoutAKnownName(string name)
    {
        var skipped = LeanHeaders.IsSkippedResponse(Encoding.ASCII.GetBytes(name), out var known);

        Assert.False(skipped);
        Assert.Null(known);
    }
}
