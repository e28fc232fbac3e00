using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.Cell.Tests.Infrastructure;

/// <summary>
/// A minimal app with the cell SDK on an in-memory test server, with auth on (the test secret):
/// <see cref="Client"/> signs like the router and control plane, <see cref="CreateRawClient"/> does not.
/// Its data directory is a fresh temporary one unless the test passes one.
/// </summary>
internal sealed class TestCell : IAsyncDisposable
{
    private readonly TempDirectory? _dataDir;

    private TestCell(WebApplication app, string cellId, TempDirectory? dataDir)
    {
        App = app;
        _dataDir = dataDir;
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
        string version = "1.2.3",
        string? dataDir = null)
    {
        // Each cell gets its own data directory (it records the assertion key generation there) unless the test shares one.
        var ownDataDir = dataDir is null ? new TempDirectory() : null;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cellular:Cell:Id"] = cellId,
            ["Cellular:Cell:Version"] = version,
            ["Cellular:Cell:Auth:Secret"] = CellSigner.Secret,
            ["Cellular:Cell:DataDir"] = dataDir ?? ownDataDir!.Path,
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
            ownDataDir?.Dispose();
            throw;
        }

        return new TestCell(app, cellId, ownDataDir);
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
        _dataDir?.Dispose();
    }
}
