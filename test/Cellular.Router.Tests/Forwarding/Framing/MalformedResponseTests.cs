using System.Net;
using Cellular.Router.Tests.Infrastructure;
using static Cellular.Router.Tests.Infrastructure.Http;

namespace Cellular.Router.Tests.Forwarding.Framing;

/// <summary>
/// A cell that sends a response the router cannot trust (RFC 9112): the lean path refuses it with
/// 502 and closes the connection; the YARP path answers what HttpClient makes of it, and the tests
/// say where that differs.
/// </summary>
public sealed class MalformedResponseTests
{
    public static TheoryData<string, string> Malformed => new()
    {
        { "differing Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!" },
        { "Content-Length list differing", "HTTP/1.1 200 OK\r\nContent-Length: 2, 3\r\n\r\nok!" },
        { "Content-Length and Transfer-Encoding", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n" },
        { "obsolete line folding", "HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\nContent-Length: 2\r\n\r\nok" },
        { "bare LF in headers", "HTTP/1.1 200 OK\nContent-Length: 2\n\nok" },
        { "bare LF after a header", "HTTP/1.1 200 OK\r\nX-A: 1\nContent-Length: 2\r\n\r\nok" },
        { "space before colon", "HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok" },
        { "not a status line", "HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\nok" },
        { "Content-Length not a number", "HTTP/1.1 200 OK\r\nContent-Length: 2x\r\n\r\nok" },
        { "unsolicited 101", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n" },
        { "transfer coding not chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nok" },
    };

    /// <summary>
    /// Cases HttpClient (and so YARP) accepts, as RFC 9112 lets a recipient: a bare LF taken as a
    /// line end, a fold or whitespace before the colon replaced or removed, Transfer-Encoding
    /// preferred over Content-Length, a body of unknown coding read to the end. The lean path refuses them.
    /// </summary>
    private static readonly HashSet<string> YarpAccepts =
    [
        "obsolete line folding", "bare LF in headers", "bare LF after a header", "space before colon",
        "Content-Length and Transfer-Encoding", "transfer coding not chunked",
    ];

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Lean_MalformedHead_502AndConnectionClosed(string name, string reply)
    {
        await using var h = await FramingHarness.StartAsync(lean: true, (_, s) => RawCell.Reply(s, reply));

        using var response = await h.Router.Client.SendAsync(Get("/a", "acme"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.Contains("does not accept", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await RouterHost.WaitUntilAsync(() => Task.FromResult(h.Cell.ClosedByRouter == 1));
        Assert.NotNull(name);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Yarp_MalformedHead_NeverForwardedAsIs(string name, string reply)
    {
        await using var h = await FramingHarness.StartAsync(lean: false, (_, s) => RawCell.ReplyAndClose(s, reply));

        using var response = await h.Router.Client.SendAsync(Get("/a", "acme"));

        if (YarpAccepts.Contains(name))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("ok", await response.Content.ReadAsStringAsync());
            return;
        }

        // HttpClient refuses these; the router answers for the cell (502 when HttpClient calls it an invalid response, else 503).
        Assert.True(response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable, $"{name}: {(int)response.StatusCode}");
        Assert.DoesNotContain("ok", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "zz")]
    [InlineData(false, "zz")]
    [InlineData(true, "-1")]
    [InlineData(false, "-1")]
    [InlineData(true, "10000000000000000")]
    [InlineData(false, "10000000000000000")]
    public async Task InvalidChunkSize_NoCompleteAnswer(bool lean, string size)
    {
        await using var h = await FramingHarness.StartAsync(lean, (_, s) => RawCell.Reply(s, $"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{size}\r\nok\r\n0\r\n\r\n"));

        var raw = await h.SendRawAsync("GET /a HTTP/1.1\r\nHost: {host}\r\nX-Tenant-Id: acme\r\nConnection: close\r\n\r\n");

        // Either the router answered for the cell (nothing was sent yet) or the connection was cut: never a whole 200.
        Assert.False(raw.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) && raw.Contains("\r\n0\r\n\r\n", StringComparison.Ordinal), raw);
    }

    /// <summary>RFC 9110 8.6 lets a recipient take identical repeated lengths as one (lean does); HttpClient refuses them (YARP: 503, cell not answering).</summary>
    [Theory]
    [InlineData(true, HttpStatusCode.OK)]
    [InlineData(false, HttpStatusCode.ServiceUnavailable)]
    public async Task SameContentLengthTwice(bool lean, HttpStatusCode expected)
    {
        await using var h = await FramingHarness.StartAsync(lean, (_, s) => RawCell.Reply(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok"));

        using var response = await h.Router.Client.SendAsync(Get("/a", "acme"));

        Assert.Equal(expected, response.StatusCode);
        if (lean)
        {
            Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        }
    }
}
