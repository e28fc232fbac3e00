using System.Globalization;
using System.Text.Json;
using Cellular.Core;
using Microsoft.AspNetCore.Http;

namespace Cellular.Router.Forwarding;

/// <summary>
/// Writes the router's own answers as <c>application/problem+json</c> (RFC 9457) straight into
/// the response pipe: <c>title</c>, <c>status</c>, <c>detail</c> and, when known, <c>tenant</c>,
/// <c>cell</c> and <c>retryAfterMs</c>. An answer that says when to retry also carries
/// <c>Retry-After</c> (whole seconds, rounded up, as RFC 9110 wants) and <c>Retry-After-Ms</c>.
/// </summary>
internal static class ProblemResponses
{
    /// <summary>The media type of every error the router writes.</summary>
    public const string ContentType = "application/problem+json";

    private static readonly JsonEncodedText _title = JsonEncodedText.Encode("title");
    private static readonly JsonEncodedText _status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText _detail = JsonEncodedText.Encode("detail");
    private static readonly JsonEncodedText _tenant = JsonEncodedText.Encode("tenant");
    private static readonly JsonEncodedText _cell = JsonEncodedText.Encode("cell");
    private static readonly JsonEncodedText _retryAfterMs = JsonEncodedText.Encode("retryAfterMs");

    /// <summary>Sets the status, content type and retry headers and writes the body.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail, string? tenant = null, string? cell = null, TimeSpan? retryAfter = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        long? retryAfterMs = null;
        if (retryAfter is { } wait)
        {
            retryAfterMs = Math.Max(1, (long)Math.Ceiling(wait.TotalMilliseconds));
            response.Headers.RetryAfter = ((retryAfterMs.Value + 999) / 1000).ToString(CultureInfo.InvariantCulture);
            response.Headers[CellularHeaders.RetryAfterMs] = retryAfterMs.Value.ToString(CultureInfo.InvariantCulture);
        }

        using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteString(_title, title);
            writer.WriteNumber(_status, status);
            writer.WriteString(_detail, detail);
            if (tenant is not null)
            {
                writer.WriteString(_tenant, tenant);
            }

            if (cell is not null)
            {
                writer.WriteString(_cell, cell);
            }

            if (retryAfterMs is { } ms)
            {
                writer.WriteNumber(_retryAfterMs, ms);
            }

            writer.WriteEndObject();
            writer.Flush();
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
