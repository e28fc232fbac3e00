using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Cellular.Core.Http;

/// <summary>
/// Reads a JSON request body through a source-generated contract and turns every way it can be
/// wrong (wrong content type, empty, malformed, unknown field, wrong field type, too large) into a
/// <see cref="JsonBodyException"/> whose message says what is wrong: model binding would answer
/// some of these with a bare 400. The one body reader of the control plane and the cells.
/// </summary>
public static class JsonBody
{
    /// <summary>The title of a body that is not the JSON the call expects.</summary>
    public const string MalformedTitle = "Malformed JSON";

    /// <summary>The title of a body that is not sent as JSON.</summary>
    public const string UnsupportedMediaTypeTitle = "Unsupported media type";

    /// <summary>The title of a body over <see cref="JsonBodyOptions.MaxBytes"/>.</summary>
    public const string TooLargeTitle = "Request body too large";

    /// <summary>Reads the body with <see cref="JsonBodyOptions.Api"/>.</summary>
    /// <exception cref="JsonBodyException">The body cannot be accepted.</exception>
    public static Task<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class =>
        ReadAsync(request, typeInfo, JsonBodyOptions.Api, cancellationToken);

    /// <summary>Reads the body as <paramref name="typeInfo"/> describes it, the way <paramref name="options"/> says.</summary>
    /// <exception cref="JsonBodyException">The body cannot be accepted.</exception>
    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, JsonBodyOptions options, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(typeInfo);
        ArgumentNullException.ThrowIfNull(options);
        if (options.RequireJsonContentType && !request.HasJsonContentType())
        {
            throw new JsonBodyException(
                StatusCodes.Status415UnsupportedMediaType,
                UnsupportedMediaTypeTitle,
                "Send the body as JSON with 'Content-Type: application/json'" + Example(options, ", e.g. {0}") + ".");
        }

        var info = options.SerializerOptions is { } serializer ? (JsonTypeInfo<T>)serializer.GetTypeInfo(typeof(T)) : typeInfo;
        T? value;
        try
        {
            if (options.MaxBytes is { } max)
            {
                var body = await ReadBytesAsync(request, max, cancellationToken).ConfigureAwait(false);
                if (IsBlank(body))
                {
                    throw Malformed("The request body is empty; send a JSON object" + Example(options, ", e.g. {0}") + ".", options, null);
                }

                value = JsonSerializer.Deserialize(body, info);
            }
            else
            {
                value = await JsonSerializer.DeserializeAsync(request.Body, info, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException e)
        {
            throw Malformed(Describe(e, info) + Example(options, " Send e.g. {0}."), options, e);
        }

        return value ?? throw Malformed("The request body must be a JSON object, not null" + Example(options, ", e.g. {0}") + ".", options, null);
    }

    private static JsonBodyException Malformed(string detail, JsonBodyOptions options, JsonException? e) =>
        new(StatusCodes.Status400BadRequest, MalformedTitle, detail, e);

    private static string Example(JsonBodyOptions options, string format) =>
        options.Example is { } example ? string.Format(System.Globalization.CultureInfo.InvariantCulture, format, example) : string.Empty;

    private static async Task<byte[]> ReadBytesAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static JsonBodyException TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, TooLargeTitle, $"The request body is larger than {maxBytes} bytes.");

    private static bool IsBlank(byte[] body)
    {
        foreach (var b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(JsonException e, JsonTypeInfo typeInfo)
    {
        var where = e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : string.Empty;
        var field = e.Path is { } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        if (e.Message.StartsWith("The JSON property", StringComparison.Ordinal) && e.Message.Contains("could not be mapped", StringComparison.Ordinal) && field is not null)
        {
            return $"The request has an unknown field '{field}'{where}; check its spelling.";
        }

        if (e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) && e.Path is not null)
        {
            return field is null
                ? "The request body must be a JSON object."
                : $"The field '{field}' has the wrong type{where}; it must be {Expected(typeInfo, field)}.";
        }

        return $"The request body is not valid JSON{where}: {FirstSentence(e.Message)}";
    }

    /// <summary>Describes the type of <paramref name="field"/> (a path like <c>fault.rate</c> or <c>targets[0]</c>) for a person.</summary>
    private static string Expected(JsonTypeInfo typeInfo, string field)
    {
        var type = typeInfo.Type;
        var current = typeInfo;
        foreach (var segment in field.Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            var property = current?.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            type = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            current = type is not null && typeInfo.Options.TryGetTypeInfo(type, out var info) ? info : null;
            if (bracket >= 0 && current?.ElementType is { } element)
            {
                type = Nullable.GetUnderlyingType(element) ?? element;
                current = typeInfo.Options.TryGetTypeInfo(type, out var elementInfo) ? elementInfo : null;
            }
        }

        return type switch
        {
            null => "of another type",
            _ when type == typeof(string) => "a string",
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(double) => "a number",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(Dictionary<string, string>) => "an object whose values are strings",
            _ when current?.ElementType == typeof(string) => "a list of strings",
            _ when current?.Kind == JsonTypeInfoKind.Object => "a JSON object",
            _ => $"a {type.Name}",
        };
    }

    private static string FirstSentence(string message)
    {
        var builder = new StringBuilder(message);
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            var cut = builder.ToString().IndexOf(marker, StringComparison.Ordinal);
            if (cut >= 0)
            {
                builder.Length = cut;
            }
        }

        return builder.ToString().Trim();
    }
}
