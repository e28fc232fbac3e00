using Cellular.Router.Forwarding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Cellular.Router.Tests.Forwarding;

/// <summary>Keeping a request body so a request a cell refused can be sent again, and what that costs.</summary>
public sealed class ReplayableRequestBodyTests
{
    private const int Limit = 1024 * 1024;

    [Theory]
    [InlineData("GET", false, null, null, "None")]
    [InlineData("DELETE", false, null, null, "None")]
    [InlineData("POST", true, 0L, null, "None")]
    [InlineData("POST", true, 10L, null, "Recorded")]
    [InlineData("POST", true, 1024L * 1024, null, "Recorded")]
    [InlineData("POST", true, (1024L * 1024) + 1, null, "TooLarge")]
    [InlineData("POST", true, null, "chunked", "Recorded")]
    public void Classify_ByBodyHeaders_SaysWhatRetryNeeds(string method, bool canHaveBody, long? contentLength, string? transferEncoding, string expected)
    {
        var context = Context(method, canHaveBody, contentLength);
        if (transferEncoding is not null)
        {
            context.Request.Headers.TransferEncoding = transferEncoding;
        }

        Assert.Equal(Enum.Parse<RequestBodyReplay>(expected), ReplayableRequestBody.Classify(context.Request, Limit));
    }

    [Fact]
    public void Classify_NoDetectionFeatureNoLengthNoChunking_None()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";

        Assert.Equal(RequestBodyReplay.None, ReplayableRequestBody.Classify(context.Request, Limit));
    }

    [Fact]
    public async Task TryRewind_AfterPartialRead_ReplaysRecordedBytesThenTheRest()
    {
        var original = Bytes(10_000);
        var body = new ReplayableRequestBody();
        body.Start(new MemoryStream(original), Limit, null);
        var first = new byte[3000];
        Assert.Equal(3000, await body.ReadAsync(first));

        Assert.True(body.TryRewind());
        var replayed = new MemoryStream();
        await body.CopyToAsync(replayed, 1024);

        Assert.Equal(original, replayed.ToArray());
    }

    [Fact]
    public async Task TryRewind_ReadPastLimit_False()
    {
        var body = new ReplayableRequestBody();
        body.Start(new MemoryStream(Bytes(200)), 100, null);

        await body.CopyToAsync(Stream.Null);

        Assert.False(body.TryRewind());
    }

    [Fact]
    public async Task ReadAsync_ZeroByteReadWhileReplaying_ConsumesNothing()
    {
        var original = Bytes(10);
        var body = new ReplayableRequestBody();
        body.Start(new MemoryStream(original), Limit, original.Length);
        await body.CopyToAsync(Stream.Null);
        Assert.True(body.TryRewind());

        Assert.Equal(0, await body.ReadAsync(Memory<byte>.Empty));
        var replayed = new MemoryStream();
        await body.CopyToAsync(replayed);

        Assert.Equal(original, replayed.ToArray());
    }

    [Fact]
    public void AttachBody_GetWithoutBody_InstallsNothingAndAllocatesNothing()
    {
        var context = Context("GET", canHaveBody: false, contentLength: null);
        var original = context.Request.Body;
        var routed = new RoutedRequest();
        OneGet(routed, context);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            OneGet(routed, context);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Same(original, context.Request.Body);
    }

    [Fact]
    public void AttachBody_PostRecordedAndReplayed_AllocatesNothingAfterWarmUp()
    {
        var payload = Bytes(4000);
        var inner = new MemoryStream(payload);
        var context = Context("POST", canHaveBody: true, contentLength: payload.Length);
        context.Request.Body = inner;
        var routed = new RoutedRequest();
        var buffer = new byte[1024];
        OnePost(routed, context, inner, buffer);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            OnePost(routed, context, inner, buffer);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Same(inner, context.Request.Body);
    }

    private static void OneGet(RoutedRequest routed, HttpContext context)
    {
        routed.AttachBody(context.Request, Limit);
        Assert.True(routed.TryRewindBody());
        routed.DetachBody(context.Request);
        routed.Reset();
    }

    private static void OnePost(RoutedRequest routed, HttpContext context, MemoryStream inner, byte[] buffer)
    {
        inner.Position = 0;
        routed.AttachBody(context.Request, Limit);
        var body = context.Request.Body;
        while (body.Read(buffer) > 0)
        {
        }

        Assert.True(routed.TryRewindBody());
        var total = 0;
        int read;
        while ((read = body.Read(buffer)) > 0)
        {
            total += read;
        }

        // Not Assert.Equal: its comparer would be counted as the code's allocation.
        Assert.True(total == 4000);
        routed.DetachBody(context.Request);
        routed.Reset();
    }

    private static DefaultHttpContext Context(string method, bool canHaveBody, long? contentLength)
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(canHaveBody));
        context.Request.Method = method;
        context.Request.ContentLength = contentLength;
        return context;
    }

    private static byte[] Bytes(int count) => [.. Enumerable.Range(0, count).Select(i => (byte)(i * 7))];

    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => canHaveBody;
    }
}
