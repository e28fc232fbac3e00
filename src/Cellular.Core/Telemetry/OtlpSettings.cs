namespace Cellular.Core.Telemetry;

/// <summary>Where and how spans are exported: <c>Cellular:Telemetry:Otlp</c>.</summary>
public sealed class OtlpSettings
{
    /// <summary>The OTLP/HTTP protocol with protobuf bodies (the default; port 4318 of a collector).</summary>
    public const string HttpProtobuf = "http/protobuf";

    /// <summary>The OTLP/gRPC protocol (port 4317 of a collector).</summary>
    public const string Grpc = "grpc";

    /// <summary>
    /// The collector's base address, as in <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (e.g.
    /// <c>http://127.0.0.1:4318</c>); for <c>http/protobuf</c> the path <c>/v1/traces</c> is appended
    /// unless the address ends with it already. Empty turns export, and tracing with it, off.
    /// </summary>
    /// <value>Default empty: off.</value>
    public string? Endpoint { get; set; }

    /// <summary><c>http/protobuf</c> or <c>grpc</c>, the values of <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>.</summary>
    /// <value>Default <c>http/protobuf</c>.</value>
    public string Protocol { get; set; } = HttpProtobuf;
}
