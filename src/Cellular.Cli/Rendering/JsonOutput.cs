using System.Text.Json;
using Cellular.Core.Json;

namespace Cellular.Cli.Rendering;

/// <summary>Writes API objects as indented JSON with the wire format's names, for <c>--json</c>.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Indented = CreateOptions();

    /// <summary>Writes <paramref name="value"/> to <paramref name="writer"/>; <typeparamref name="T"/> must be known to <see cref="CellularJsonContext"/>.</summary>
    public static void Write<T>(TextWriter writer, T value)
    {
        writer.WriteLine(JsonSerializer.Serialize(value, Indented));
        writer.Flush();
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(CellularJsonContext.Default.Options) { WriteIndented = true };
        options.MakeReadOnly();
        return options;
    }
}
