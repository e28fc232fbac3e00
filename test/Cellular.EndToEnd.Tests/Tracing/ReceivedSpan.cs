namespace Cellular.EndToEnd.Tests.Tracing;

/// <summary>One span as an OTLP collector received it; ids in lower-case hex, attribute values as text.</summary>
public sealed record ReceivedSpan(
    string Service,
    string Scope,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    int Kind,
    int StatusCode,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> Resource)
{
    /// <summary>OTLP's <c>SPAN_KIND_SERVER</c>.</summary>
    public const int ServerKind = 2;

    /// <summary>OTLP's <c>SPAN_KIND_CLIENT</c>.</summary>
    public const int ClientKind = 3;

    /// <summary>The attribute <paramref name="key"/>, or null.</summary>
    public string? Attribute(string key) => Attributes.GetValueOrDefault(key);

    public override string ToString() =>
        $"{Service} {Name} trace={TraceId} span={SpanId} parent={ParentSpanId} kind={Kind} [{string.Join(", ", Attributes.Select(a => $"{a.Key}={a.Value}"))}]";
}
