// Plain YARP: every request goes to one destination with IHttpForwarder and the default
// transformer (client headers copied, nothing added). The upstream handler has exactly the
// settings of the router's per-cell invokers (src/Cellular.Router/Routing/CellInvokers.cs), and the
// per-request config the router's upstream timeout (30 s), so the only difference from the router
// is the router's own work: tenant key, table lookup, containment, statistics, metrics and header
// transforms.
//
// Usage: PlainYarp --urls http://127.0.0.1:18200 --Destination=http://127.0.0.1:18101
using System.Diagnostics;
using System.Net;
using Yarp.ReverseProxy.Forwarder;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHttpForwarder();

var app = builder.Build();

var destination = app.Configuration["Destination"]
    ?? throw new InvalidOperationException("Set --Destination=http://127.0.0.1:PORT.");
var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
var invoker = new HttpMessageInvoker(
    new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = TimeSpan.FromSeconds(2),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
    },
    disposeHandler: true);
var requestConfig = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(30) };

app.Map("/{**path}", async context => await forwarder.SendAsync(context, destination, invoker, requestConfig, HttpTransformer.Default));

app.Run();
invoker.Dispose();
