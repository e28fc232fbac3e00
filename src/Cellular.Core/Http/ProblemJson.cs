using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Cellular.Core.Http;

/// <summary>
/// Writes an error answer as <c>application/problem+json</c> (RFC 9457) straight into the response
/// pipe: <c>title</c>, <c>status</c>, <c>detail</c> and, when known, <c>tenant</c>, <c>cell</c> and
/// <c>retryAfterMs</c>. An answer that says when to retry also carries <c>Retry-After</c> (whole
/// seconds, rounded up, as RFC 9110 wants) and <c>Retry-After-Ms</c>. The one problem writer of the
/// router, the control plane and the cells, so every refusal a client sees has the same shape and
/// no error path allocates more than it must (the router writes these on its hot path).
/// </summary>
public static class ProblemJson
{
    /// <summary>The media type of every problem written here.</summary>
    public const string ContentType = "application/problem+json";

    // Messages quote names ('c1') and are read by people in terminals: only what JSON itself needs
    // is escaped (quotes, backslashes, control characters), not HTML-sensitive characters, as the
    // framework's own JSON answers do; the body is never embedded in a page.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonEncodedText Title = JsonEncodedText.Encode("title");
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
    private static readonly JsonEncodedText Detail = JsonEncodedText.Encode("detail");
    private static readonly JsonEncodedText Tenant = JsonEncodedText.Encode("tenant");
    private static readonly JsonEncodedText Cell = JsonEncodedText.Encode("cell");
    private static readonly JsonEncodedText RetryAfterMs = JsonEncodedText.Encode("retryAfterMs");

    /// <summary>Sets the status, content type, <c>Cache-Control: no-store</c> and retry headers, and writes the body.</summary>
    /// <param name="context">The request being answered; its response must not have started.</param>
    /// <param name="status">The HTTP status, also written as <c>status</c>.</param>
    /// <param name="title">A short, stable summary of the kind of problem.</param>
    /// <param name="detail">What went wrong this time, and what to do about it.</param>
    /// <param name="tenant">The tenant concerned, if any.</param>
    /// <param name="cell">The cell concerned, if any.</param>
    /// <param name="retryAfter">When to try again, if the client should.</param>
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail, string? tenant = null, string? cell = null, TimeSpan? retryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(context);
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

        using (var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString(Title, title);
            writer.WriteNumber(Status, status);
            writer.WriteString(Detail, detail);
            if (tenant is not null)
            {
                writer.WriteString(Tenant, tenant);
            }

            if (cell is not null)
            {
                writer.WriteString(Cell, cell);
            }

            if (retryAfterMs is { } ms)
            {
                writer.WriteNumber(RetryAfterMs, ms);
            }

            writer.WriteEndObject();
            writer.Flush();
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
