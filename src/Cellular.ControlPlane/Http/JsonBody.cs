using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cellular.ControlPlane.Errors;

namespace Cellular.ControlPlane.Http;

/// <summary>
/// Reads a JSON request body through the source-generated context and turns every way it can
/// be wrong (empty, malformed, wrong field type, too large) into a 400 that says what is wrong.
/// Model binding would answer some of these with a bare 400.
/// </summary>
internal static class JsonBody
{
    /// <summary>The largest body accepted; API requests are small.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The serializer options of the API with unknown members refused, whatever each contract type says.</summary>
    private static readonly JsonSerializerOptions Strict = new(Cellular.Core.Json.CellularJsonContext.Default.Options)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        var body = await ReadBytesAsync(request, cancellationToken);
        if (IsBlank(body))
        {
            throw ControlPlaneException.BadRequest("The request body is empty; send a JSON object.");
        }

        try
        {
            return JsonSerializer.Deserialize(body, (JsonTypeInfo<T>)Strict.GetTypeInfo(typeof(T)))
                ?? throw ControlPlaneException.BadRequest("The request body is null; send a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ControlPlaneException(ProblemKind.BadRequest, "Invalid request", Describe(e, typeInfo), e);
        }
    }

    private static async Task<byte[]> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ControlPlaneException TooLarge() =>
        new(ProblemKind.TooLarge, "Request body too large", $"The request body is larger than {MaxBytes} bytes.");

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
        Type? type = typeInfo.Type;
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
