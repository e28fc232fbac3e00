using System.Text;
using System.Text.Json;

namespace Cellular.Cli.Api;

/// <summary>Turns an error answer (problem+json, other JSON, or plain text) into a <see cref="ControlPlaneException"/>.</summary>
internal static class ProblemReader
{
    private const int MaxPlainTextDetail = 500;

    public static async Task<ControlPlaneException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var fallbackTitle = string.IsNullOrEmpty(response.ReasonPhrase) ? $"HTTP {(int)response.StatusCode}" : response.ReasonPhrase;
        return Parse(response.StatusCode, fallbackTitle, body);
    }

    public static ControlPlaneException Parse(System.Net.HttpStatusCode status, string fallbackTitle, string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return new ControlPlaneException(status, fallbackTitle, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var root = document.RootElement;
                var title = GetString(root, "title") ?? fallbackTitle;
                var detail = Combine(GetString(root, "detail"), DescribeErrors(root));
                return new ControlPlaneException(status, title, detail);
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through and show the text itself.
        }

        var text = body.Trim();
        return new ControlPlaneException(status, fallbackTitle, text.Length <= MaxPlainTextDetail ? text : string.Concat(text.AsSpan(0, MaxPlainTextDetail), "…"));
    }

    private static string? GetString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? DescribeErrors(JsonElement root)
    {
        if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var field in errors.EnumerateObject())
        {
            var messages = field.Value.ValueKind == JsonValueKind.Array
                ? field.Value.EnumerateArray().Select(m => m.ToString())
                : [field.Value.ToString()];
            foreach (var message in messages)
            {
                text.Append(text.Length == 0 ? string.Empty : "\n").Append(field.Name).Append(": ").Append(message);
            }
        }

        return text.Length == 0 ? null : text.ToString();
    }

    private static string? Combine(string? first, string? second) =>
        (first, second) switch
        {
            (null, null) => null,
            (null, _) => second,
            (_, null) => first,
            _ => first + "\n" + second,
        };
}
