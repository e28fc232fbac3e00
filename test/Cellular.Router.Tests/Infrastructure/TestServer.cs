using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cellular.Router.Tests.Infrastructure;

/// <summary>Starts a tiny Kestrel app on a free loopback port.</summary>
internal static class TestServer
{
    /// <summary>Starts <paramref name="handler"/> on <paramref name="port"/> (0: any free port).</summary>
    public static async Task<(WebApplication App, string Url)> StartAsync(RequestDelegate handler, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return (app, app.Urls.Single());
    }
}
