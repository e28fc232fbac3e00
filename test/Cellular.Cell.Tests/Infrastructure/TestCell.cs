using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.Cell.Tests.Infrastructure;

/// <summary>A minimal app with the cell SDK on an in-memory test server.</summary>
internal sealed class TestCell : IAsyncDisposable
{
    private TestCell(WebApplication app)
    {
        App = app;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public static async Task<TestCell> StartAsync(
        Action<WebApplicationBuilder>? configure = null,
        Action<WebApplication>? map = null,
        string cellId = "c1",
        string version = "1.2.3")
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cellular:Cell:Id"] = cellId,
            ["Cellular:Cell:Version"] = version,
        });
        builder.Services.AddCellular();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapCellular();
        map?.Invoke(app);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new TestCell(app);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
