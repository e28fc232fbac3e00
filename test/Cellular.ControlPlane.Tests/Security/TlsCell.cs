using System.Security.Cryptography.X509Certificates;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Cellular.ControlPlane.Tests.Security;

/// <summary>
/// A cell endpoint on in-process Kestrel over HTTPS that requires a client certificate chaining to
/// <c>clientCa</c> (like <c>Cellular:Cell:Tls:ClientCaFile</c>); answers <c>/_cell/health</c>.
/// </summary>
internal sealed class TlsCell : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _served;
    private string? _lastClient;

    private TlsCell(WebApplication app) => _app = app;

    public string Endpoint { get; private set; } = "";

    /// <summary>Requests that got through the handshake.</summary>
    public int Served => Volatile.Read(ref _served);

    /// <summary>The subject of the last client certificate presented.</summary>
    public string? LastClient => Volatile.Read(ref _lastClient);

    public static async Task<TlsCell> StartAsync(string id, X509Certificate2 serverCertificate, X509Certificate2 clientCa)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseUrls("https://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ServerCertificate = serverCertificate;
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (client, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(clientCa);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(client);
            };
        }));
        var app = builder.Build();
        var cell = new TlsCell(app);
        app.MapGet("/_cell/health", (HttpContext context) =>
        {
            Interlocked.Increment(ref cell._served);
            Volatile.Write(ref cell._lastClient, context.Connection.ClientCertificate?.Subject);
            return Results.Json(new CellHealth("Healthy", id, "1.0.0"), CellularJsonContext.Default.CellHealth);
        });
        await app.StartAsync();
        cell.Endpoint = app.Urls.Single();
        return cell;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
