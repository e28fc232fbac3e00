using System.Diagnostics;
using Cellular.ControlPlane.Telemetry;
using Cellular.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>Turns on the control plane's traces when <c>Cellular:Telemetry:Otlp:Endpoint</c> is set.</summary>
public static class ControlPlaneTracingExtensions
{
    /// <summary>The <c>service.name</c> of the control plane's spans.</summary>
    public const string ServiceName = "cellular-control-plane";

    private static readonly PathString MetricsPath = new("/metrics");

    /// <summary>
    /// Binds <c>Cellular:Telemetry</c> (validated at start-up; the process provider hands the same
    /// values to the cells it starts) and, when an OTLP endpoint is set, records the workflow spans
    /// of <c>Cellular.ControlPlane</c>, the API's server spans, and the client spans of calls made
    /// inside a span (a migration's calls to its cells, not the health monitor's probes), sampled
    /// parent-based at <c>SamplingRatio</c> and exported over OTLP.
    /// </summary>
    public static IHostApplicationBuilder AddCellularControlPlaneTracing(this IHostApplicationBuilder builder)
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
            .AddSource(ControlPlaneTracing.SourceName)
            .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath))
            .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = _ => Activity.Current?.Parent is not null)
            .AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = settings.TracesEndpoint();
                otlp.Protocol = settings.IsGrpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            }));
        return builder;
    }
}
