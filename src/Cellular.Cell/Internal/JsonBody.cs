using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cellular.Cell.Internal;

/// <summary>Reads a JSON request body of the cell contract, or says in problem+json why it cannot.</summary>
internal static class JsonBody
{
    public const string MalformedTitle = "Malformed JSON";

    /// <param name="context">The request.</param>
    /// <param name="typeInfo">The body's type.</param>
    /// <param name="example">A valid body, quoted in error messages.</param>
    /// <param name="describeError">Turns a JSON error into a more specific answer; null = the generic one.</param>
    /// <returns>The body, or a 415/400 problem to answer with instead.</returns>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(
        HttpContext context, JsonTypeInfo<T> typeInfo, string example, Func<JsonException, IResult?>? describeError = null)
        where T : class
    {
        if (!context.Request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: $"Send the body as JSON with 'Content-Type: application/json', e.g. {example}."));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync(context.Request.Body, typeInfo, context.RequestAborted);
            return value is null
                ? (null, Malformed($"The body must be a JSON object, e.g. {example}."))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, describeError?.Invoke(e) ?? Malformed($"The body is not valid JSON for this call ({e.Message}). Send e.g. {example}."));
        }
    }

    private static ProblemHttpResult Malformed(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: MalformedTitle, detail: detail);
}
