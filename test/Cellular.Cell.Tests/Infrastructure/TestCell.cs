using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.Cell.Tests.Infrastructure;

/// <summary>
/// A minimal app with the cell SDK on an in-memory test server, with auth on (the test secret):
/// <see cref="Client"/> signs like the router and control plane, <see cref="CreateRawClient"/> does not.
/// </summary>
internal sealed class TestCell : IAsyncDisposable
{
    private TestCell(WebApplication app, string cellId)
    {
        App = app;
        Signer = new CellSigner(cellId, app.Services.GetRequiredService<TimeProvider>());
        Client = CreateSignedClient(Signer);
    }

    public WebApplication App { get; }

    public CellSigner Signer { get; }

    /// <summary>Signs every request it can (see <see cref="SigningHandler"/>).</summary>
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
            ["Cellular:Cell:Auth:Secret"] = CellSigner.Secret,
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

        return new TestCell(app, cellId);
    }

    /// <summary>A client that sends exactly what the test puts in each request.</summary>
    public HttpClient CreateRawClient() => App.GetTestClient();

    /// <summary>A client that signs with <paramref name="signer"/>.</summary>
    public HttpClient CreateSignedClient(CellSigner signer) =>
        new(new SigningHandler(signer) { InnerHandler = App.GetTestServer().CreateHandler() }) { BaseAddress = App.GetTestServer().BaseAddress };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
