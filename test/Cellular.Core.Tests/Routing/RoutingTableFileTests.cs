using System.Text;
using Cellular.Core.Routing;

namespace Cellular.Core.Tests.Routing;

public sealed class RoutingTableFileTests
{
    private static byte[] GoodFile() =>
        RoutingTableFile.Serialize(TableFactory.Snapshot(TableFactory.Cells(2), [new("acme", "c2", 5, false)], version: 17));

    [Fact]
    public void Read_WhatSerializeWrote_GivesSameTable()
    {
        var table = RoutingTableFile.Read(GoodFile());

        Assert.Equal(17, table.Version);
        Assert.Equal(new RouteResult(RouteRule.Assignment, 1, 5), table.Lookup("acme"));
    }

    [Fact]
    public void Read_FlippedByteInsideTable_RefusedAsCorrupt()
    {
        var file = GoodFile();
        var text = Encoding.UTF8.GetString(file).Replace("\"acme\"", "\"acmf\"");

        var error = Assert.Throws<RoutingTableException>(() => RoutingTableFile.Read(Encoding.UTF8.GetBytes(text)));

        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void Read_Truncated_Refused()
    {
        var file = GoodFile();

        var error = Assert.Throws<RoutingTableException>(() => RoutingTableFile.Read(file.AsSpan(0, file.Length / 2)));

        Assert.Contains("routing table file", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("[]")]
    [InlineData("{\"format\":\"cellular.routing-table-file/v1\"}")]
    [InlineData("{\"format\":\"other\",\"sha256\":\"00\",\"table\":{}}")]
    public void Read_Garbage_Refused(string content)
    {
        Assert.Throws<RoutingTableException>(() => RoutingTableFile.Read(Encoding.UTF8.GetBytes(content)));
    }
}
