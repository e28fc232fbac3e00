using Cellular.ControlPlane.Providers.Commands;

namespace Cellular.ControlPlane.Tests.Providers.Commands;

public sealed class CommandEndpointsTests
{
    [Fact]
    public void LastUrl_ProgressAndUrls_ReturnsTheLastUrlWithoutTrailingSlash()
    {
        string[] output = ["starting on http://127.0.0.1:1", "http://127.0.0.1:5300", "  https://cell-7.example.com/app/  ", "done"];

        Assert.Equal("https://cell-7.example.com/app", CommandEndpoints.LastUrl(output));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ready")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("/relative/path")]
    [InlineData("127.0.0.1:5300")]
    [InlineData("http://127.0.0.1:5300/?x=1")]
    [InlineData("http://user:pw@127.0.0.1:5300")]
    [InlineData("see http://127.0.0.1:5300")]
    public void LastUrl_NoAbsoluteHttpUrlOnALineOfItsOwn_IsNull(string line)
    {
        Assert.Null(CommandEndpoints.LastUrl([line]));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5300", "http://127.0.0.1:5300/", true)]
    [InlineData("HTTP://LocalHost:5300", "http://localhost:5300", true)]
    [InlineData("http://127.0.0.1:80", "http://127.0.0.1", true)]
    [InlineData("http://127.0.0.1:5300", "http://127.0.0.1:5301", false)]
    [InlineData("http://127.0.0.1:5300", "https://127.0.0.1:5300", false)]
    [InlineData("http://127.0.0.1:5300/a", "http://127.0.0.1:5300/b", false)]
    [InlineData("http://127.0.0.1:5300", null, false)]
    public void Same_ComparesSchemeHostPortAndPath(string a, string? b, bool same)
    {
        Assert.Equal(same, CommandEndpoints.Same(a, b));
    }
}
