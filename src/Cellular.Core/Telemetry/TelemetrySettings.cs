using System.Globalization;

namespace Cellular.Core.Telemetry;

/// <summary>
/// The tracing settings the router, the control plane and every cell read from
/// <c>Cellular:Telemetry</c>, so one set of values traces a whole stack. Tracing is off, and costs
/// the request path nothing, unless <see cref="OtlpSettings.Endpoint"/> is set. The control plane
/// hands its own values to the process cells it starts (<see cref="ToEnvironment"/>).
/// </summary>
public sealed class TelemetrySettings
{
    /// <summary>The configuration section the settings are bound from.</summary>
    public const string SectionName = "Cellular:Telemetry";

    /// <summary>The environment variable names of the settings, as .NET configuration reads them.</summary>
    public const string EndpointVariable = "Cellular__Telemetry__Otlp__Endpoint";

    /// <summary>The environment variable of <see cref="OtlpSettings.Protocol"/>.</summary>
    public const string ProtocolVariable = "Cellular__Telemetry__Otlp__Protocol";

    /// <summary>The environment variable of <see cref="SamplingRatio"/>.</summary>
    public const string SamplingRatioVariable = "Cellular__Telemetry__SamplingRatio";

    /// <summary>The OTLP exporter's settings.</summary>
    public OtlpSettings Otlp { get; set; } = new();

    /// <summary>
    /// The share of new traces kept, 0 to 1, decided where a trace starts (the router, for a
    /// request without <c>traceparent</c>); a span whose parent was sampled, or not, follows its
    /// parent, so a trace is kept whole or not at all.
    /// </summary>
    /// <value>Default 1: every trace.</value>
    public double SamplingRatio { get; set; } = 1.0;

    /// <summary>True when an endpoint is set: spans are recorded and exported.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Otlp.Endpoint);

    /// <summary>True when the protocol is gRPC (else OTLP/HTTP with protobuf).</summary>
    public bool IsGrpc => string.Equals(Otlp.Protocol?.Trim(), OtlpSettings.Grpc, StringComparison.OrdinalIgnoreCase);

    /// <summary>What is wrong with the settings, in sentences a person understands; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var protocol = Otlp.Protocol?.Trim();
        if (!string.Equals(protocol, OtlpSettings.HttpProtobuf, StringComparison.OrdinalIgnoreCase) && !IsGrpc)
        {
            errors.Add($"{SectionName}:Otlp:Protocol is '{Otlp.Protocol}'; it must be '{OtlpSettings.HttpProtobuf}' or '{OtlpSettings.Grpc}'.");
        }

        if (Enabled && (!Uri.TryCreate(Otlp.Endpoint!.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"{SectionName}:Otlp:Endpoint is '{Otlp.Endpoint}'; it must be an absolute http:// or https:// address of an OTLP collector, e.g. http://127.0.0.1:4318, or empty to turn tracing off.");
        }

        if (double.IsNaN(SamplingRatio) || SamplingRatio < 0 || SamplingRatio > 1)
        {
            errors.Add($"{SectionName}:SamplingRatio is {SamplingRatio.ToString(CultureInfo.InvariantCulture)}; it must be between 0 (no new trace is kept) and 1 (every trace is kept).");
        }

        return errors;
    }

    /// <summary>The address spans are sent to: the endpoint, with <c>/v1/traces</c> for OTLP/HTTP.</summary>
    /// <exception cref="InvalidOperationException">Tracing is off or the endpoint is not valid; see <see cref="Validate"/>.</exception>
    public Uri TracesEndpoint()
    {
        if (!Enabled || !Uri.TryCreate(Otlp.Endpoint!.Trim(), UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException($"{SectionName}:Otlp:Endpoint is not a usable address.");
        }

        if (IsGrpc || uri.AbsolutePath.EndsWith("/v1/traces", StringComparison.Ordinal))
        {
            return uri;
        }

        var builder = new UriBuilder(uri);
        builder.Path = builder.Path.TrimEnd('/') + "/v1/traces";
        return builder.Uri;
    }

    /// <summary>
    /// The environment variables that give a child process these settings (none when tracing is
    /// off), so cells the control plane starts trace like it does.
    /// </summary>
    public IReadOnlyDictionary<string, string> ToEnvironment() => !Enabled
        ? new Dictionary<string, string>(StringComparer.Ordinal)
        : new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [EndpointVariable] = Otlp.Endpoint!.Trim(),
            [ProtocolVariable] = IsGrpc ? OtlpSettings.Grpc : OtlpSettings.HttpProtobuf,
            [SamplingRatioVariable] = SamplingRatio.ToString("R", CultureInfo.InvariantCulture),
        };
}
