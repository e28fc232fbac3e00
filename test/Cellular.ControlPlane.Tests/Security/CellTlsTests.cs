using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Health;
using Cellular.ControlPlane.Http;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Json;
using Cellular.Core.Model;
using Cellular.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Cellular.Testing.CellTlsCertificates;

namespace Cellular.ControlPlane.Tests.Security;

/// <summary>The control plane's own calls to a cell that requires a client certificate (mutual TLS), with certificates made here.</summary>
public sealed class CellTlsTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new("cp-celltls");
    private readonly List<IDisposable> _owned = [];
    private X509Certificate2 _ca = null!;
    private string _caFile = null!;
    private (string Certificate, string Key) _client;
    private TlsCell _cell = null!;

    public async Task InitializeAsync()
    {
        _ca = Own(MakeCa("Test Cell CA"));
        _caFile = WriteCa(_root.Path, _ca);
        _client = WritePair(_root.Path, "control-plane", Own(Issue(_ca, "control-plane", server: false)));
        _cell = await TlsCell.StartAsync("c1", Own(Issue(_ca, "cell-c1", server: true)), _ca);
    }

    public async Task DisposeAsync()
    {
        await _cell.DisposeAsync();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _root.Dispose();
    }

    [Fact]
    public async Task WithClientCertificateAndCa_CellIsCreatedAndProbedHealthy()
    {
        await using var app = App("with", _client.Certificate, _client.Key, _caFile);
        using var admin = app.Client();

        using var created = await CreateCellAsync(admin);
        await app.Services.GetRequiredService<CellHealthMonitor>().ProbeOnceAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var health = (await admin.GetFromJsonAsync("/api/v1/cells/c1/health", CellularJsonContext.Default.CellHealthStatus))!;
        Assert.Equal((CellState.Active, 0, 1, null), (health.State, health.ConsecutiveFailures, health.ConsecutiveSuccesses, health.LastError));
        Assert.Equal("CN=control-plane", _cell.LastClient);
        Assert.Null(app.Services.GetRequiredService<CellTlsCredentials>().LastError);
    }

    [Fact]
    public async Task WithoutSettings_CellRefusesTheControlPlane()
    {
        await using var app = App("without");
        using var admin = app.Client();

        using var created = await CreateCellAsync(admin);

        await created.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.Equal(0, _cell.Served);
    }

    [Fact]
    public async Task CaWithoutClientCertificate_HandshakeRefused()
    {
        await using var app = App("ca-only", ca: _caFile);
        using var admin = app.Client();

        using var created = await CreateCellAsync(admin);

        await created.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.Equal(0, _cell.Served);
    }

    [Fact]
    public async Task ClientCertificateFromAnotherCa_HandshakeRefused()
    {
        var rogue = WritePair(Directory.CreateDirectory(_root.Combine("rogue")).FullName, "rogue", Own(Issue(Own(MakeCa("Rogue CA")), "control-plane", server: false)));
        await using var app = App("rogue", rogue.Certificate, rogue.Key, _caFile);
        using var admin = app.Client();

        using var created = await CreateCellAsync(admin);

        await created.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.Equal(0, _cell.Served);
    }

    [Fact]
    public void Credentials_ClientCertificateRotatedOnDisk_AreReadAgainAfterTheCheckInterval()
    {
        var directory = Directory.CreateDirectory(_root.Combine("rotate")).FullName;
        var files = WritePair(directory, "cp", Own(Issue(_ca, "cp-1", server: false)));
        var time = new FakeTimeProvider();
        using var credentials = new CellTlsCredentials(
            Options.Create(new CellTlsOptions { ClientCertificateFile = files.Certificate, ClientKeyFile = files.Key, CaCertificateFile = _caFile }),
            time,
            NullLogger<CellTlsCredentials>.Instance);
        Assert.Equal("CN=cp-1", credentials.ClientCertificate()?.Subject);

        WritePair(directory, "cp", Own(Issue(_ca, "cp-2-rotated", server: false)));
        Assert.Equal("CN=cp-1", credentials.ClientCertificate()?.Subject);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("CN=cp-2-rotated", credentials.ClientCertificate()?.Subject);
        Assert.Null(credentials.LastError);

        File.WriteAllText(files.Certificate, "-----BEGIN CERTIFICATE-----\nnot a certificate\n");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("CN=cp-2-rotated", credentials.ClientCertificate()?.Subject);
        Assert.NotNull(credentials.LastError);
    }

    [Theory]
    [InlineData("half-pair", "ClientCertificateFile and Cellular:ControlPlane:CellTls:ClientKeyFile go together")]
    [InlineData("missing", "Cellular:ControlPlane:CellTls:CaCertificateFile")]
    [InlineData("garbage", "Cellular:ControlPlane:CellTls:ClientCertificateFile/ClientKeyFile cannot be used")]
    [InlineData("no-ca", "Cellular:ControlPlane:CellTls:CaCertificateFile")]
    public async Task Start_BadSettings_FailsAtStartUpNamingTheKey(string shape, string expected)
    {
        var garbage = _root.Combine("garbage.pem");
        File.WriteAllText(garbage, "nothing here");
        var settings = shape switch
        {
            "half-pair" => Settings(_client.Certificate, null, null),
            "missing" => Settings(null, null, _root.Combine("nope.crt")),
            "garbage" => Settings(garbage, _client.Key, null),
            _ => Settings(null, null, garbage),
        };
        var builder = Host.CreateApplicationBuilder();
        settings["Cellular:ControlPlane:DataDir"] = _root.Combine("bad-" + shape);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddCellularControlPlane();
        using var host = builder.Build();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", e.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Settings(string? certificate, string? key, string? ca) => new()
    {
        ["Cellular:ControlPlane:CellTls:ClientCertificateFile"] = certificate,
        ["Cellular:ControlPlane:CellTls:ClientKeyFile"] = key,
        ["Cellular:ControlPlane:CellTls:CaCertificateFile"] = ca,
    };

    private ControlPlaneApp App(string name, string? certificate = null, string? key = null, string? ca = null)
    {
        var settings = Settings(certificate, key, ca);
        settings["Cellular:ControlPlane:Health:Enabled"] = "false";
        return new ControlPlaneApp(_root.Combine(name), settings);
    }

    private Task<HttpResponseMessage> CreateCellAsync(HttpClient admin) =>
        admin.PostJsonAsync("/api/v1/cells", $$"""{"id":"c1","provider":"static","endpoint":"{{_cell.Endpoint}}"}""");

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
