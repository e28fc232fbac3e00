using System.Net;
using System.Security.Cryptography.X509Certificates;
using Cellular.Router.Security;
using Cellular.Router.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Cellular.Router.Tests.Infrastructure.Snapshots;
using static Cellular.Testing.CellTlsCertificates;

namespace Cellular.Router.Tests.Security;

/// <summary>Optional mutual TLS between router and cell, with certificates made here.</summary>
public sealed class CellMutualTlsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();
    private readonly List<IDisposable> _owned = [];
    private X509Certificate2 _ca = null!;
    private string _directory = null!;

    public Task InitializeAsync()
    {
        _ca = Own(MakeCa("Test Cell CA"));
        _directory = RouterHost.NewDirectory();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        RouterHost.DeleteDirectory(_directory);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task MutualTls_CellRequiresClientCertificate_RouterPresentsItAndTrustsTheCellsCa()
    {
        await using var cell = await StartCellAsync(Own(Issue(_ca, "cell-1", server: true)));
        WriteRouterFiles(Own(Issue(_ca, "router-1", server: false)));
        await using var router = await StartRouterAsync(cell.Url);

        using var response = await router.Client.SendAsync(Http.Get("/notes", "acme"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("CN=router-1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MutualTls_ClientCertificateRotatedOnDisk_NextConnectionPresentsTheNewOne()
    {
        await using var cell = await StartCellAsync(Own(Issue(_ca, "cell-1", server: true)));
        WriteRouterFiles(Own(Issue(_ca, "router-1", server: false)));
        await using var router = await StartRouterAsync(cell.Url);
        using (var first = await router.Client.SendAsync(Http.Get("/notes", "acme")))
        {
            Assert.Equal("CN=router-1", await first.Content.ReadAsStringAsync());
        }

        WriteRouterFiles(Own(Issue(_ca, "router-2", server: false)));

        // What the next TLS handshake is offered (files are checked at most once a second).
        var credentials = router.Services.GetRequiredService<CellTlsCredentials>();
        await RouterHost.WaitUntilAsync(() => Task.FromResult(credentials.ClientCertificate()?.Subject == "CN=router-2"));
        Assert.Null(credentials.LastError);

        // The cell (HTTP/1.1 only) closes every connection, so the next request is a new handshake.
        using var next = await router.Client.SendAsync(Http.Get("/notes", "acme"));
        Assert.Equal("CN=router-2", await next.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MutualTls_CellCertificateFromAnotherCa_NotTrusted()
    {
        var stranger = Own(MakeCa("Stranger CA"));
        await using var cell = await StartCellAsync(Own(Issue(stranger, "cell-1", server: true)));
        WriteRouterFiles(Own(Issue(_ca, "router-1", server: false)));
        await using var router = await StartRouterAsync(cell.Url);

        using var response = await router.Client.SendAsync(Http.Get("/notes", "acme"));

        var problem = await Http.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Cell not answering", problem.GetProperty("title").GetString());
        Assert.Equal(0, cell.Served);
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private void WriteRouterFiles(X509Certificate2 client)
    {
        using var key = client.GetECDsaPrivateKey()!;
        File.WriteAllText(Path.Combine(_directory, "router.key"), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(_directory, "router.crt"), client.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_directory, "ca.crt"), _ca.ExportCertificatePem());
    }

    private async Task<RouterHost> StartRouterAsync(string cellUrl)
    {
        var router = await RouterHost.StartAsync(new Dictionary<string, string?>
        {
            ["CellTls:ClientCertificateFile"] = Path.Combine(_directory, "router.crt"),
            ["CellTls:ClientKeyFile"] = Path.Combine(_directory, "router.key"),
            ["CellTls:CaCertificateFile"] = Path.Combine(_directory, "ca.crt"),
        });
        router.Apply(OneTenant(1, cellUrl));
        return router;
    }

    private async Task<TlsCell> StartCellAsync(X509Certificate2 certificate)
    {
        var cell = new TlsCell();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseUrls("https://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ServerCertificate = certificate;
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (client, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(_ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(client);
            };
        }));
        var app = builder.Build();
        app.Run(async context =>
        {
            Interlocked.Increment(ref cell.ServedCount);
            context.Response.Headers.Connection = "close";
            await context.Response.WriteAsync(context.Connection.ClientCertificate?.Subject ?? "none");
        });
        await app.StartAsync();
        cell.App = app;
        cell.Url = app.Urls.Single();
        return cell;
    }

    private sealed class TlsCell : IAsyncDisposable
    {
        public int ServedCount;

        public WebApplication App { get; set; } = null!;

        public string Url { get; set; } = "";

        public int Served => Volatile.Read(ref ServedCount);

        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
