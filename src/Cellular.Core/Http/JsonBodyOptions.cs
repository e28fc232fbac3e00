using System.Text.Json;
using System.Text.Json.Serialization;
using Cellular.Core.Json;

namespace Cellular.Core.Http;

/// <summary>How <see cref="JsonBody"/> reads a request body: the few ways the APIs differ.</summary>
public sealed record JsonBodyOptions
{
    /// <summary>
    /// The control plane's API: small bodies (1 MB at most), any content type, and unknown fields
    /// refused whatever each contract type says, so a misspelt field is an error, not ignored.
    /// </summary>
    public static JsonBodyOptions Api { get; } = new()
    {
        MaxBytes = 1024 * 1024,
        SerializerOptions = new JsonSerializerOptions(CellularJsonContext.Default.Options)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        },
    };

    /// <summary>The largest body accepted (413 above it); null leaves the limit to the server and streams the body.</summary>
    public long? MaxBytes { get; init; }

    /// <summary>True to answer 415 unless the request says <c>Content-Type: application/json</c>.</summary>
    public bool RequireJsonContentType { get; init; }

    /// <summary>A valid body, quoted in every error so the caller sees what to send; null for none.</summary>
    public string? Example { get; init; }

    /// <summary>Options whose type info is used instead of the one passed (e.g. stricter about unknown fields); null to use it as it is.</summary>
    public JsonSerializerOptions? SerializerOptions { get; init; }
}
