using System.Net;
using System.Text;
using Cellular.Router.Telemetry;
using Cellular.Router.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Cellular.Router.Tests.Infrastructure.Http;

namespace Cellular.Router.Tests.Forwarding.Framing;

/// <summary>What the router sends a cell, on both forwarding paths (lean: true; YARP: false).</summary>
public sealed class RequestFramingTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ContentLengthAndTransferEncoding_400_NothingForwarded(bool lean)
    {
        await using var h = await FramingHarness.StartAsync(lean);

        var raw = await h.SendRawAsync("POST /a HTTP/1.1\r\nHost: {host}\r\nX-Tenant-Id: acme\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", raw, StringComparison.Ordinal);
        Assert.Empty(h.Cell.Requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ConnectionNominatedHeaders_NotSentToCell(bool lean)
    {
        await using var h = await FramingHarness.StartAsync(lean);

        // (Kestrel keeps only "close" of a Connection header that has it, so this one keeps the connection.)
        using var request = Get("/a", "acme");
        request.Headers.Connection.Add("X-Hop");
        request.Headers.Add("X-Hop", "secret");
        request.Headers.Add("X-Kept", "yes");
        request.Headers.Add("Keep-Alive", "5");
        using var response = await h.Router.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(h.Cell.Requests);
        Assert.Null(seen.Header("X-Hop"));
        Assert.Null(seen.Header("Keep-Alive"));
        Assert.Null(seen.Header("Connection"));
        Assert.Equal("yes", seen.Header("X-Kept"));
    }

    [Theory]
    [InlineData(true, 10)]
    [InlineData(false, 10)]
    [InlineData(true, 200_000)]
    [InlineData(false, 200_000)]
    public async Task Bodies_ContentLengthAndChunked_ArriveWhole(bool lean, int size)
    {
        await using var h = await FramingHarness.StartAsync(lean);
        var body = Encoding.ASCII.GetBytes(new string('b', size));

        using (var sized = new HttpRequestMessage(HttpMethod.Post, "/sized") { Content = new ByteArrayContent(body) })
        {
            sized.Headers.Add("X-Tenant-Id", "acme");
            using var response = await h.Router.Client.SendAsync(sized);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var chunked = new HttpRequestMessage(HttpMethod.Post, "/chunked") { Content = new StreamContent(new UnknownLengthStream(body)) })
        {
            chunked.Headers.Add("X-Tenant-Id", "acme");
            using var response = await h.Router.Client.SendAsync(chunked);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var requests = h.Cell.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(body, requests[0].Body);
        Assert.Equal(size.ToString(System.Globalization.CultureInfo.InvariantCulture), requests[0].Header("Content-Length"));
        Assert.Equal(body, requests[1].Body);
        Assert.Equal("chunked", requests[1].Header("Transfer-Encoding"));
        Assert.Equal(size >= 64 * 1024 ? "100-continue" : null, requests[0].Header("Expect"));
    }

    [Fact]
    public async Task Lean_LargeBody_CellRefusesBeforeBody_ItsAnswerReachesTheClient()
    {
        await using var h = await FramingHarness.StartAsync(lean: true);
        h.Cell.Respond = (_, s) => RawCell.ReplyAndClose(s, "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 3\r\nConnection: close\r\n\r\nbig");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/a") { Content = new ByteArrayContent(new byte[1_000_000]) };
        request.Headers.Add("X-Tenant-Id", "acme");
        using var response = await h.Router.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CellClosesIdleConnection_NextRequestStillServed(bool lean)
    {
        await using var h = await FramingHarness.StartAsync(lean, (_, s) => RawCell.ReplyAndClose(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));

        for (var i = 0; i < 3; i++)
        {
            using var response = await h.Router.Client.SendAsync(Get("/a", "acme"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await Task.Delay(50);
        }

        Assert.Equal(3, h.Cell.Connections);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CellNeverAnswers_TimeoutGives503(bool lean)
    {
        var cell = RawCell.Start();
        cell.Respond = async (_, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            return false;
        };
        await using var _ = cell;
        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["Forwarding:Lean"] = lean ? "true" : "false", ["UpstreamTimeout"] = "00:00:00.500" });
        router.Apply(Snapshots.OneTenant(1, cell.Url));

        using var response = await router.Client.SendAsync(Get("/a", "acme"));

        await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ClientLeavesMidRequestBody_UpstreamConnectionDiscarded(bool lean)
    {
        await using var h = await FramingHarness.StartAsync(lean);
        var uri = new Uri(h.Router.Url);
        using (var client = new System.Net.Sockets.TcpClient())
        {
            await client.ConnectAsync(uri.Host, uri.Port);
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"POST /a HTTP/1.1\r\nHost: {uri.Authority}\r\nX-Tenant-Id: acme\r\nContent-Length: 1000\r\n\r\nonly ten b"));
            await RouterHost.WaitUntilAsync(() => Task.FromResult(h.Cell.Connections == 1));
            await Task.Delay(100);
        }

        // The cell saw the request start and its connection end: nothing half-sent is reused.
        await RouterHost.WaitUntilAsync(() => Task.FromResult(h.Cell.ClosedByRouter == 1));
        using var next = await h.Router.Client.SendAsync(Get("/next", "acme"));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(2, h.Cell.Connections);
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/", true)]
    [InlineData("https://127.0.0.1:1/", false)]
    public async Task LeanPool_OnlyForPlainHttpCells(string endpoint, bool pooled)
    {
        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["Forwarding:Lean"] = "true" });
        var connection = router.Services.GetRequiredService<Cellular.Router.Routing.CellInvokers>().Get("tls-check", endpoint);

        Assert.Equal(pooled, connection.Lean is not null);
    }

    [Fact]
    public async Task LeanOff_NoPools()
    {
        await using var router = await RouterHost.StartAsync(new Dictionary<string, string?> { ["Forwarding:Lean"] = "false" });

        Assert.Null(router.Services.GetRequiredService<Cellular.Router.Routing.CellInvokers>().Get("off", "http://127.0.0.1:1/").Lean);
    }

    [Theory]
    [InlineData(true, "lean")]
    [InlineData(false, "yarp")]
    public async Task Metrics_TagThePath(bool lean, string path)
    {
        await using var h = await FramingHarness.StartAsync(lean);
        using var metrics = new MetricCapture(h.Router.Services);

        using var response = await h.Router.Client.SendAsync(Get("/a", "acme"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, metrics.Count("cellular.router.request.duration", ("cell", "c1"), ("path", path)));
        Assert.NotNull(typeof(RouterMetrics));
    }

    /// <summary>A stream HttpClient cannot know the length of, so it sends the body chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
