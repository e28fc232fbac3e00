using System.Text;
using Cellular.Core.Http;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Http;

namespace Cellular.Core.Tests.Http;

/// <summary>The shared request-body reader: each way a body can be wrong gets its own status and a message that says what.</summary>
public sealed class JsonBodyTests
{
    private static readonly JsonBodyOptions CellStyle = new() { RequireJsonContentType = true, Example = """{"epoch":2}""" };

    [Fact]
    public async Task ReadAsync_ValidBody_ReturnsIt()
    {
        var body = await JsonBody.ReadAsync(Request("""{"epoch":7}"""), CellularJsonContext.Default.TenantEpochRequest, CellStyle, CancellationToken.None);

        Assert.Equal(7, body.Epoch);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("""{"epoch":""", "not valid JSON")]
    [InlineData("null", "not null")]
    [InlineData("""{"epoch":"two"}""", "'epoch' has the wrong type (line 1")]
    [InlineData("""{"epoch":"two"}""", "it must be a whole number")]
    [InlineData("""{"epoch":2,"colour":1}""", "unknown field 'colour'")]
    public async Task ReadAsync_ApiOptions_BadBody_400SaysWhy(string json, string expected)
    {
        var e = await Assert.ThrowsAsync<JsonBodyException>(
            () => JsonBody.ReadAsync(Request(json), CellularJsonContext.Default.TenantEpochRequest, CancellationToken.None));

        Assert.Equal(StatusCodes.Status400BadRequest, e.Status);
        Assert.Equal(JsonBody.MalformedTitle, e.Title);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ApiOptions_TooLarge_413()
    {
        var json = "{\"epoch\":1" + new string(' ', (int)JsonBodyOptions.Api.MaxBytes!.Value) + "}";

        var e = await Assert.ThrowsAsync<JsonBodyException>(
            () => JsonBody.ReadAsync(Request(json), CellularJsonContext.Default.TenantEpochRequest, CancellationToken.None));

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, e.Status);
    }

    [Fact]
    public async Task ReadAsync_JsonContentTypeRequired_OtherType_415WithExample()
    {
        var e = await Assert.ThrowsAsync<JsonBodyException>(
            () => JsonBody.ReadAsync(Request("epoch=2", "application/x-www-form-urlencoded"), CellularJsonContext.Default.TenantEpochRequest, CellStyle, CancellationToken.None));

        Assert.Equal(StatusCodes.Status415UnsupportedMediaType, e.Status);
        Assert.Contains("""{"epoch":2}""", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Streamed_MalformedBody_400WithExampleAndJsonError()
    {
        var e = await Assert.ThrowsAsync<JsonBodyException>(
            () => JsonBody.ReadAsync(Request("not json"), CellularJsonContext.Default.TenantEpochRequest, CellStyle, CancellationToken.None));

        Assert.Equal(JsonBody.MalformedTitle, e.Title);
        Assert.Contains("""Send e.g. {"epoch":2}.""", e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.Json);
    }

    private static HttpRequest Request(string body, string contentType = "application/json")
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.ContentType = contentType;
        return context.Request;
    }
}
