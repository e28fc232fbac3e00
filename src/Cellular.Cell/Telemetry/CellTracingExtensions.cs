using System.Diagnostics;
using Cellular.Cell;
using Cellular.Cell.Telemetry;
using Cellular.Core.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>Turns on a cell's traces when <c>Cellular:Telemetry:Otlp:Endpoint</c> is set.</summary>
public static class CellTracingExtensions
{
    private static readonly PathString HealthPath = new("/_cell/health");

    /// <summary>
    /// Binds <c>Cellular:Telemetry</c> (validated at start-up) and, when an OTLP endpoint is set,
    /// records the cell's server spans (ASP.NET Core's, continuing the router's
    /// <c>traceparent</c>; the SDK tags them with <c>cell.id</c> and <c>tenant.id</c>), client spans
    /// of calls the app makes while serving a traced request, and any source named in
    /// <paramref name="sources"/>; sampled parent-based at <c>SamplingRatio</c> and exported over
    /// OTLP with <c>service.name</c> the application's name and <c>service.instance.id</c> the cell
    /// id. Cells the control plane starts get its settings, so a local stack traces end to end.
    /// Health probes are not traced.
    /// </summary>
    public static IHostApplicationBuilder AddCellularTracing(this IHostApplicationBuilder builder, params string[] sources)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sources);
        builder.Services.AddOptions<TelemetrySettings>().BindConfiguration(TelemetrySettings.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetrySettings>, TelemetrySettingsValidator>());

        var settings = builder.Configuration.GetSection(TelemetrySettings.SectionName).Get<TelemetrySettings>() ?? new TelemetrySettings();
        if (!settings.Enabled || settings.Validate().Count > 0)
        {
            return builder;
        }

        var cellId = builder.Configuration[$"{CellOptions.SectionName}:Id"];
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing
            .ConfigureResource(resource => resource
                .AddService(builder.Environment.ApplicationName, serviceInstanceId: cellId)
                .AddAttributes([new(CellTracing.CellTag, cellId ?? "")]))
            .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(settings.SamplingRatio)))
            .AddSource(sources)
            .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !context.Request.Path.StartsWithSegments(HealthPath))
            .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = _ => Activity.Current?.Parent is not null)
            .AddOtlpExporter(otlp =>
            {
                otlp.Endpoint = settings.TracesEndpoint();
                otlp.Protocol = settings.IsGrpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            }));
        return builder;
    }
}
