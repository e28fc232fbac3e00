using System.Text.Json;
using Cellular.Core.Http;
using Microsoft.AspNetCore.Http;

namespace Cellular.Core.Tests.Http;

public sealed class ProblemJsonTests
{
    [Fact]
    public async Task WriteAsync_AllFields_WritesRfc9457BodyAndRetryHeaders()
    {
        var (context, body) = NewContext();

        await ProblemJson.WriteAsync(context, 503, "Cell not answering", "Try again.", tenant: "acme", cell: "c1", retryAfter: TimeSpan.FromMilliseconds(1500));

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal(ProblemJson.ContentType, context.Response.ContentType);
        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
        Assert.Equal("2", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal("1500", context.Response.Headers[CellularHeaders.RetryAfterMs].ToString());
        using var json = JsonDocument.Parse(body.ToArray());
        var root = json.RootElement;
        Assert.Equal("Cell not answering", root.GetProperty("title").GetString());
        Assert.Equal(503, root.GetProperty("status").GetInt32());
        Assert.Equal("Try again.", root.GetProperty("detail").GetString());
        Assert.Equal("acme", root.GetProperty("tenant").GetString());
        Assert.Equal("c1", root.GetProperty("cell").GetString());
        Assert.Equal(1500, root.GetProperty("retryAfterMs").GetInt64());
    }

    [Fact]
    public async Task WriteAsync_NoOptionalFields_WritesOnlyTitleStatusDetail()
    {
        var (context, body) = NewContext();

        await ProblemJson.WriteAsync(context, 400, "Bad", "Because \"quoted\".");

        using var json = JsonDocument.Parse(body.ToArray());
        Assert.Equal(["title", "status", "detail"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Because \"quoted\".", json.RootElement.GetProperty("detail").GetString());
        Assert.False(context.Response.Headers.ContainsKey("Retry-After"));
    }

    private static (DefaultHttpContext Context, MemoryStream Body) NewContext()
    {
        var body = new MemoryStream();
        var context = new DefaultHttpContext();
        context.Response.Body = body;
        return (context, body);
    }
}
