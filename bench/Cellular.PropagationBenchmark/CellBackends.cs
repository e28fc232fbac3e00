using System.Globalization;

namespace Cellular.PropagationBenchmark;

/// <summary>
/// The cells: one tiny in-process server listening on one port per cell, answering the cell
/// contract's health probe (so the control plane accepts them as static cells) and 200 to
/// anything else. The benchmark reads the routing decision from the router's headers, so what
/// the cells answer does not matter beyond being fast.
/// </summary>
internal sealed class CellBackends : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CellBackends(WebApplication app) => _app = app;

    public static async Task<CellBackends> StartAsync(int basePort, int cells)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls([.. Enumerable.Range(0, cells).Select(c => $"http://127.0.0.1:{basePort + c}")]);

        var app = builder.Build();
        app.Run(async context =>
        {
            var cell = CellId(context.Connection.LocalPort - basePort);
            if (context.Request.Path == "/_cell/health")
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync($$"""{"status":"Healthy","cell":"{{cell}}","version":"1.0.0"}""");
                return;
            }

            await context.Response.WriteAsync(cell);
        });
        await app.StartAsync();
        return new CellBackends(app);
    }

    public static string CellId(int index) => "c" + (index + 1).ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
