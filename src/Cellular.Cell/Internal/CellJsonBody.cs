using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cellular.Core.Http;
using Microsoft.AspNetCore.Http;

namespace Cellular.Cell.Internal;

/// <summary>
/// The cell contract's endpoints answer with results, not exceptions: reads a JSON body with the
/// shared <see cref="JsonBody"/> reader (JSON content type required, an example in every error) and
/// turns its refusal into the problem result to answer with.
/// </summary>
internal static class CellJsonBody
{
    /// <param name="context">The request.</param>
    /// <param name="typeInfo">The body's type.</param>
    /// <param name="example">A valid body, quoted in error messages.</param>
    /// <param name="describeError">Turns a JSON error into a more specific answer; null = the generic one.</param>
    /// <returns>The body, or a 415/400 problem to answer with instead.</returns>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(
        HttpContext context, JsonTypeInfo<T> typeInfo, string example, Func<JsonException, IResult?>? describeError = null)
        where T : class
    {
        try
        {
            var options = new JsonBodyOptions { RequireJsonContentType = true, Example = example };
            return (await JsonBody.ReadAsync(context.Request, typeInfo, options, context.RequestAborted).ConfigureAwait(false), null);
        }
        catch (JsonBodyException e)
        {
            var specific = e.Json is { } json ? describeError?.Invoke(json) : null;
            return (null, specific ?? TypedResults.Problem(statusCode: e.Status, title: e.Title, detail: e.Message));
        }
    }
}
