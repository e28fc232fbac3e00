using System.Diagnostics;
using Cellular.Core.Telemetry;
using Cellular.Router.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>Turns on the router's traces when <c>Cellular:Telemetry:Otlp:Endpoint</c> is set.</summary>
public static class RouterTracingExtensions
{
    /// <summary>The <c>service.name</c> of the router's spans.</summary>
    public const string ServiceName = "cellular-router";

    /// <summary>
    /// Binds <c>Cellular:Telemetry</c> (validated at start-up) and, when an OTLP endpoint is set,
    /// records the <c>Cellular.Router</c> route spans and the client spans of the calls to cells
    /// made inside them, sampled parent-based at <c>SamplingRatio</c>, and exports them
    /// over OTLP. Without an endpoint nothing listens, so the request path starts no activity and
    /// sends no <c>traceparent</c>. ASP.NET Core's own request activity stays off: the route span
    /// is the router's server span.
    /// </summary>
    public static IHostApplicationBuilder AddCellularRouterTracing(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TelemetrySettings>().BindConfiguration(TelemetrySettings.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetrySettings>, TelemetrySettingsValidator>());

        var settings = builder.Configuration.GetSection(TelemetrySettings.SectionName).Get<TelemetrySettings>() ?? new TelemetrySettings();
        if (!settings.Enabled || settings.Validate().Count > 0)
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(settings.SamplingRatio)))
            .AddSource(RouterTracing.SourceName)
            // Only calls made inside a span: the call to the cell, not the table sync's long polls.
            .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = _ => Activity.Current?.Parent is not null)
            .AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = settings.TracesEndpoint();
                otlp.Protocol = settings.IsGrpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            }));
        return builder;
    }
}
