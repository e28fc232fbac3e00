using System.Net;
using Cellular.Router.Tests.Infrastructure;
using static Cellular.Router.Tests.Infrastructure.Http;

namespace Cellular.Router.Tests.Forwarding.Framing;

/// <summary>
/// How the router treats what a cell sends back, on both forwarding paths (lean: true; YARP:
/// false), against a raw-socket cell that can send anything (RFC 9112 framing).
/// </summary>
public sealed class ResponseFramingTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ContentLength_BodyCopiedWhole_ConnectionReused(bool lean)
    {
        await using var h = await FramingHarness.StartAsync(lean, (_, s) => RawCell.Reply(s, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello"));

        for (var i = 0; i < 3; i++)
        {
            using var response = await h.Router.Client.SendAsync(Get("/a", "acme"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("hello", await response.Content.ReadAsStringAsync());
            Assert.Equal(5, response.Content.Headers.ContentLength);
        }

        Assert.Equal(1, h.Cell.Connections);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Chunked_BodyDecodedWhole_TrailersDropped_ConnectionReused(bool lean)
    {
        await using var h = await FramingHarness.StartAsync(lean, (_, s) => RawCell.Reply(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"));

        for (var i = 0; i < 2; i++)
        {
            using var response = await h.Router.Client.SendAsync(Get("/a", "acme"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("hello world", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(1, h.Cell.Connections);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ConnectionClose_BodyReadToEnd_ConnectionNotReused(bool lean)
    {
        await using var h = await FramingHarness.StartAsync(lean, (_, s) => RawCell.ReplyAndClose(s, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end"));

        for (var i = 0; i < 2; i++)
        {
            using var response = await h.Router.Client.SendAsync(Get("/a", "acme"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("until the end", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(2, h.Cell.Connections);
    }

    [Theory]
    [InlineData(true, "HEAD")]
    [InlineData(false, "HEAD")]
    public async Task Head_LengthWithoutBody_ConnectionReused(bool lean, string method)
    {
        await using var h = await FramingHarness.StartAsync(lean, (_, s) => RawCell.Reply(s, "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"));

        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), "/a");
            request.Headers.Add("X-Tenant-Id", "acme");
            using var response = await h.Router.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1234, response.Content.Headers.ContentLength);
        }

        Assert.Equal(1, h.Cell.Connections);
    }

    [Theory]
    [InlineData(true, 204, "")]
    [InlineData(false, 204, "")]
    [InlineData(true, 304, "ETag: \"v1\"\r\n")]
    [InlineData(false, 304, "ETag: \"v1\"\r\n")]
    public async Task NoBodyStatus_NoBodyRead_ConnectionReused(bool lean, int status, string extra)
    {
        await using var h = await FramingHarness.StartAsync(lean, (_, s) => RawCell.Reply(s, $"HTTP/1.1 {status} X\r\n{extra}\r\n"));

        for (var i = 0; i < 2; i++)
        {
            using var response = await h.Router.Client.SendAsync(Get("/a", "acme"));
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(1, h.Cell.Connections);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task InterimResponses_Skipped_FinalForwarded(bool lean)
    {
        await using var h = await FramingHarness.StartAsync(lean, (_, s) => RawCell.Reply(s, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));

        using var response = await h.Router.Client.SendAsync(Get("/a", "acme"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ConnectionNominatedHeaders_StrippedFromResponse(bool lean)
    {
        await using var h = await FramingHarness.StartAsync(lean, (_, s) => RawCell.Reply(s, "HTTP/1.1 200 OK\r\nConnection: X-Hop, keep-alive\r\nX-Hop: secret\r\nKeep-Alive: timeout=5\r\nX-Kept: yes\r\nContent-Length: 0\r\n\r\n"));

        using var response = await h.Router.Client.SendAsync(Get("/a", "acme"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("yes", Single(response, "X-Kept"));
        Assert.False(response.Headers.Contains("X-Hop"));
        Assert.False(response.Headers.Contains("Keep-Alive"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CellDiesMidBody_ClientConnectionAborted(bool lean)
    {
        await using var h = await FramingHarness.StartAsync(lean, async (_, s) =>
        {
            await RawCell.Reply(s, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + new string('x', 20000));
            await Task.Delay(100);
            return false;
        });

        var raw = await h.SendRawAsync("GET /a HTTP/1.1\r\nHost: {host}\r\nX-Tenant-Id: acme\r\nConnection: close\r\n\r\n");

        // The client never gets a complete 200: its connection ends before the announced length.
        var body = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(body < 0 || raw.Length - body - 4 < 100000, "the truncated body was presented as complete");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CellDiesMidChunkedBody_ClientConnectionAborted(bool lean)
    {
        await using var h = await FramingHarness.StartAsync(lean, async (_, s) =>
        {
            await RawCell.Reply(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4e20\r\n" + new string('x', 20000) + "\r\n4e20\r\nxx");
            await Task.Delay(100);
            return false;
        });

        var raw = await h.SendRawAsync("GET /a HTTP/1.1\r\nHost: {host}\r\nX-Tenant-Id: acme\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\n0\r\n\r\n", raw, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ClientLeavesMidBody_UpstreamConnectionDiscarded(bool lean)
    {
        var release = new TaskCompletionSource();
        await using var h = await FramingHarness.StartAsync(lean, async (request, s) =>
        {
            if (request.Target == "/slow")
            {
                await RawCell.Reply(s, "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n" + new string('x', 1000));
                await release.Task.WaitAsync(TimeSpan.FromSeconds(10));
                await RawCell.Reply(s, new string('y', 1000));
                return true;
            }

            return await RawCell.Reply(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        });

        using (var cts = new CancellationTokenSource())
        {
            using var response = await h.Router.Client.SendAsync(Get("/slow", "acme"), HttpCompletionOption.ResponseHeadersRead, cts.Token);
            var stream = await response.Content.ReadAsStreamAsync(cts.Token);
            await stream.ReadExactlyAsync(new byte[500], cts.Token);
            await cts.CancelAsync();
        }

        // The cell is told to go on; the connection the router was copying from must not come back to its pool.
        await Task.Delay(200);
        release.TrySetResult();
        await RouterHost.WaitUntilAsync(() => Task.FromResult(h.Cell.ClosedByRouter >= 1));

        using var next = await h.Router.Client.SendAsync(Get("/next", "acme"));
        Assert.Equal("ok", await next.Content.ReadAsStringAsync());
        Assert.Equal(2, h.Cell.Connections);
    }
}
