using System.Globalization;

namespace Cellular.ConsoleBenchmark;

/// <summary>
/// The cells: one in-process server listening on one port per cell that answers the cell health
/// probe (so the control plane accepts them as static cells and its health monitor sees them
/// healthy). The console never talks to cells, so nothing else matters.
/// </summary>
internal sealed class FakeCells : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeCells(WebApplication app) => _app = app;

    public static string CellId(int index) => "c" + (index + 1).ToString("D4", CultureInfo.InvariantCulture);

    public static async Task<FakeCells> StartAsync(int basePort, int cells)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls([.. Enumerable.Range(0, cells).Select(c => $"http://127.0.0.1:{basePort + c}")]);
        var app = builder.Build();
        app.Run(async context =>
        {
            var cell = CellId(context.Connection.LocalPort - basePort);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"status":"Healthy","cell":"{{cell}}","version":"1.0.0"}""");
        });
        await app.StartAsync();
        return new FakeCells(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
