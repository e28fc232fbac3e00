using Cellular.ControlPlane.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Http;

/// <summary>Wires <see cref="CellTlsOptions"/> onto the primary handler of an HttpClient that calls cells.</summary>
internal static class CellClientBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="CellTlsOptions"/> (validated at start-up) and <see cref="CellTlsCredentials"/>
    /// once, and makes the client's primary handler present the client certificate and trust the
    /// CA when they are configured (the default handler otherwise).
    /// </summary>
    public static IHttpClientBuilder AddCellTls(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(CellTlsCredentials)))
        {
            services.AddOptions<CellTlsOptions>().BindConfiguration(CellTlsOptions.SectionName).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CellTlsOptions>, CellTlsOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton<CellTlsCredentials>();
        }

        return builder.ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<CellTlsCredentials>().CreateHandler());
    }
}
