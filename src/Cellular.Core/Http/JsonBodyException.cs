using System.Text.Json;

namespace Cellular.Core.Http;

/// <summary>
/// A request body <see cref="JsonBody"/> could not accept, with the status and a message that says
/// what is wrong (which field, which line) so the caller can answer it as problem+json.
/// </summary>
public sealed class JsonBodyException(int status, string title, string detail, JsonException? json = null)
    : Exception(detail, json)
{
    /// <summary>The HTTP status to answer: 400, 413 or 415.</summary>
    public int Status { get; } = status;

    /// <summary>The problem's title.</summary>
    public string Title { get; } = title;

    /// <summary>The JSON error behind a 400, for callers that explain some of them better (null otherwise).</summary>
    public JsonException? Json => InnerException as JsonException;
}
