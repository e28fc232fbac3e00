// The cell router: the data plane of Cellular. Extracts the tenant key, looks it up in the
// routing table synced from the control plane (with a last-known-good copy on disk) and
// forwards the request to the tenant's cell with YARP. See docs/contracts.md.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,

    // appsettings.json ships next to the binary; relative paths in settings (TableFile) still
    // resolve against the working directory, which is where cellctl keeps .cellular/.
    ContentRootPath = AppContext.BaseDirectory,
});

// Sockets served on their I/O threads, as an event-loop proxy does (Cellular:Router:Io); before any socket exists.
builder.UseCellularRouterIo();
builder.Services.AddCellularRouter();

// Traces only when Cellular:Telemetry:Otlp:Endpoint is set; off, the request path pays nothing.
builder.AddCellularRouterTracing();

var app = builder.Build();

// Tenant requests are forwarded before endpoint routing; only the router's own endpoints
// (/_router/*, /metrics) go through it.
app.UseCellularRouter();
app.UseRouting();
app.MapCellularRouter();

app.Run();
