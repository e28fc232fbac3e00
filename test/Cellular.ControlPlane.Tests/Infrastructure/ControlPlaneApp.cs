using System.Globalization;
using Cellular.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>
/// The real control plane in-process (TestServer), with its store and cell directories under
/// <paramref name="root"/>; two apps on the same root share one SQLite file, like a restart.
/// </summary>
public sealed class ControlPlaneApp(string root, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null)
    : WebApplicationFactory<Program>
{
    public string Root { get; } = root;

    public string CellsDirectory => Path.Combine(Root, "cells");

    public HttpClient Client(string? actor = null)
    {
        var client = CreateClient();
        if (actor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Cellular-Actor", actor);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var values = new Dictionary<string, string?>
        {
            ["Cellular:ControlPlane:DataDir"] = Path.Combine(Root, "control-plane"),
            ["Cellular:Process:DataDir"] = CellsDirectory,
            ["Cellular:Process:PortBase"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(values));
        if (time is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton(time));
        }
    }
}
